/**
 * The one text fold: how every comparison of names and cities ignores case and accents, in
 * both search engines (their words, name sort, city filter, named hotels and cities), in the
 * price order of a dated search, and in the hoteliers' lists.
 *
 * It is exactly what OpenSearch's `lowercase`, `asciifolding`, `lowercase` token filters (`FOLD_FILTERS`,
 * which the index's analyzer and normalizers use) make of each code point: "Đà Lạt" -> "da lat",
 * "Øresund" -> "oresund", "Æble" -> "aeble", "Straße" -> "strasse", "Łódź" -> "lodz". Most code
 * points fold by a rule (`foldByRule`); the ~900 where the node does otherwise are a table
 * (text-fold-table.ts) that scripts/build-fold-table.ts generates from a real node, with the whole
 * table as a fixture the unit test checks every code point against; the `opensearch` test project
 * checks it on its node again. A code point the filters leave alone (Thai, Han, a combining mark)
 * stays as it is. Folded strings are compared by code point
 * (`compareFolded`), which is the order of OpenSearch's keywords and DynamoDB's string keys.
 */
import { FOLD_EXCEPTIONS } from './text-fold-table';

/** The index's fold, as OpenSearch token filters: what `fold` computes, code point by code point. */
export const FOLD_FILTERS = ['lowercase', 'asciifolding', 'lowercase'] as const;

const FOLDS: ReadonlyMap<string, string> = new Map(Object.entries(FOLD_EXCEPTIONS));

/**
 * The rule most code points fold by: lower case (when that is one code point), then, for a
 * Latin letter, its accents dropped. Where OpenSearch does otherwise, `FOLD_EXCEPTIONS` says so.
 */
export function foldByRule(c: string): string {
  const lower = c.toLowerCase();
  if ([...lower].length !== 1) return c;
  const base = lower.normalize('NFD').replace(/\p{M}/gu, '');
  return [...base].length === 1 && (base.codePointAt(0) as number) < 0x250 ? base : lower;
}
// biome-ignore lint/suspicious/noControlCharactersInRegex: every ASCII character is plain to fold.
const ASCII = /^[\u0000-\u007f]*$/;

/** `text` folded as the index folds it: lower case, accents and special letters mapped to ASCII. */
export function fold(text: string): string {
  // ASCII only needs lower case (the common case: no table lookups).
  if (ASCII.test(text)) return text.toLowerCase();
  let out = '';
  for (const c of text) out += FOLDS.get(c) ?? foldByRule(c);
  return out;
}

/** Orders two strings by code point (as OpenSearch sorts keywords and DynamoDB sorts keys), not by UTF-16 unit. */
export function compareFolded(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (a code point above U+FFFF) sorts after every unit of U+E000..U+FFFF.
    const surrogateX = x >= 0xd800 && x <= 0xdfff;
    const surrogateY = y >= 0xd800 && y <= 0xdfff;
    if (surrogateX !== surrogateY && (x >= 0xe000 || y >= 0xe000)) return surrogateX ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}
