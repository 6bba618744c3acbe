/**
 * Whether a synthesized identity policy allows a request: IAM's own matching (`*` and `?` in
 * actions and resources), on templates whose intrinsics are rendered as text (lib/cfn-value.ts).
 * Used by the offline deploy checks and by the tests that derive grants from requests.
 */
import { renderCfnValue } from './cfn-value';

/** A policy statement as it stands in a template. */
export interface TemplateStatement {
  readonly Effect: string;
  readonly Action?: string | string[];
  readonly Resource?: unknown;
}

/** IAM's wildcard match: `*` any run of characters, `?` one; actions compare case-insensitively. */
export function iamPatternMatches(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

/** Whether any Allow statement grants `action` on `resource` (both as rendered text). */
export function statementsAllow(
  statements: readonly TemplateStatement[],
  action: string,
  resource: string,
): boolean {
  return statements.some(
    (s) =>
      s.Effect === 'Allow' &&
      [s.Action ?? []].flat().some((a) => iamPatternMatches(a, action, true)) &&
      [s.Resource ?? []].flat().some((r) => iamPatternMatches(renderCfnValue(r), resource)),
  );
}
