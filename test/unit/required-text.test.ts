/**
 * A required text (a hotel's, a guest's or a room type's name): never blank, nor only characters
 * that show nothing; what the server accepts is what the API document's pattern says it accepts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { text } from '../../lambdas/http/schema-primitives';

const document = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'));
const documented = document.components.schemas.CreateHotel.properties.name;
const MAX = documented.maxLength as number;
const schema = text(1, MAX);

/** Accepted by the document: the pattern, and the length once trimmed (as text lengths are counted). */
const documentAccepts = (s: string) => {
  const length = [...s.trim()].length;
  return new RegExp(documented.pattern).test(s) && length >= 1 && length <= MAX;
};

const SAMPLES: ReadonlyArray<[string, boolean]> = [
  ['Marina Bay Hotel', true],
  ['  Zoë  ', true],
  ['x', true],
  ['\u200fשלום', true],
  ['a\u200bb', true],
  ['\u{1f3e8}', true],
  ['', false],
  ['   ', false],
  ['\u200b', false],
  ['\u200b\u200c\u200d', false],
  [' \u2060 ', false],
  ['\u00ad', false],
  ['\u3164', false],
  ['\u115f\u1160', false],
  ['\u2800', false],
  ['\u202e\u200e', false],
  ['\ufe0f\u180b', false],
  ['\u17b4\ufff9', false],
  ['\u2764\ufe0f', true],
  ['\u{1f469}\u200d\u{1f373}', true],
  ['x'.repeat(MAX), true],
  ['x'.repeat(MAX + 1), false],
];

describe('a required text', () => {
  it.each(SAMPLES)('%j: accepted %s, by the server and by the document alike', (sample, accepted) => {
    expect(schema.safeParse(sample).success).toBe(accepted);
    expect(documentAccepts(sample)).toBe(accepted);
  });

  it('says what is missing from one that shows nothing', () => {
    const result = schema.safeParse('\u200b\u200b');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/visible character/);
  });
});
