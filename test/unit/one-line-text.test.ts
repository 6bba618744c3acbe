/**
 * One line of text (a hotel's street address): what the server accepts is what the API
 * document's pattern says it accepts, so a client or a fuzzer reading the document is right.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { oneLineText } from '../../lambdas/http/schema-primitives';

const document = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'));
const documented = document.components.schemas.CreateHotel.properties.address;
const MAX = documented.maxLength as number;
const schema = oneLineText(MAX);

/** Accepted by the document: the pattern, and the length once trimmed (as text lengths are counted). */
const documentAccepts = (s: string) => {
  const length = [...s.trim()].length;
  return new RegExp(documented.pattern).test(s) && length >= 1 && length <= MAX;
};

const SAMPLES: ReadonlyArray<[string, boolean]> = [
  ['10 Bayfront Avenue', true],
  ['  10 Bayfront Avenue, 018956  ', true],
  ['\n10 Bayfront Avenue\t', true],
  ['Đường Đồng Khởi 1, Quận 1', true],
  ['x', true],
  ['a\u00a0b', true],
  ['', false],
  ['   ', false],
  ['\t\n', false],
  ['10 Bayfront\nAvenue', false],
  ['10 Bayfront\r\nAvenue', false],
  ['10\tBayfront Avenue', false],
  ['10 Bayfront\u2028Avenue', false],
  ['10 Bayfront\u0000Avenue', false],
  ['10 Bayfront\u007fAvenue', false],
  ['10 Bayfront\u009bAvenue', false],
  ['\u200b', false],
  [' \u200b\u2060 ', false],
  ['\u3164\u00a0\u115f', false],
  ['\u200f10 Bayfront Avenue', true],
  ['10 Bayfront Avenue\u200e', true],
  ['\u200b 10 \u200b', true],
  ['x'.repeat(MAX), true],
  ['x'.repeat(MAX + 1), false],
];

describe('one line of text', () => {
  it.each(SAMPLES)('%j: accepted %s, by the server and by the document alike', (sample, accepted) => {
    expect(schema.safeParse(sample).success).toBe(accepted);
    expect(documentAccepts(sample)).toBe(accepted);
  });

  it('trims what it accepts', () => {
    expect(schema.parse('  10 Bayfront Avenue ')).toBe('10 Bayfront Avenue');
  });
});
