/** The owner index's sort key: orders a hotelier's hotels by name, and always fits DynamoDB's key limit. */
import { describe, expect, it } from 'vitest';
import { nameSortKey, ownerSk } from '../../lambdas/adapters/dynamodb/keys';

describe('the owner index sort key', () => {
  it('folds accents and case, and puts a name before its longer neighbours', () => {
    expect(nameSortKey('Åbo Café')).toBe('abo cafe');
    const names = ['Inn Alpha', 'inn', 'Inn', 'Åbo', 'Zen'];
    const sorted = [...names].sort((a, b) => (ownerSk(a, 'id') < ownerSk(b, 'id') ? -1 : 1));
    expect(sorted.indexOf('Inn')).toBeLessThan(sorted.indexOf('Inn Alpha'));
    expect(sorted[0]).toBe('Åbo');
    expect(sorted.at(-1)).toBe('Zen');
  });

  it('stays within 1,024 bytes for any name a hotelier may give (1..200 characters)', () => {
    const id = '0b5e7f3c-0000-4000-8000-000000000000';
    // Decomposition multiplies these: one ligature becomes eighteen characters.
    for (const name of ['ﷺ'.repeat(200), '한'.repeat(200), '𝔘'.repeat(200), 'a'.repeat(200)])
      expect(Buffer.byteLength(ownerSk(name, id), 'utf8')).toBeLessThanOrEqual(1_024);
  });
});
