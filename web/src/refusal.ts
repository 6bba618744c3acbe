/** An API refusal said on a form: each refused field under itself, the rest once for the form. */
import { type ApiError, plainWords } from './api';
import type { FieldProblems } from './dom';
import { detailsOf, fieldWords } from './field-words';

/**
 * Shows each refused field's problem under it (clearing the form's old ones) and answers the
 * sentence for the form's message slot: what no field took, or `explain`'s words for a
 * refusal that names no field.
 */
export function sayRefusal(
  problems: FieldProblems,
  error: ApiError,
  explain: (error: ApiError) => string = plainWords,
  nothingDone = 'nothing was changed',
): string {
  const refused = detailsOf(error);
  const elsewhere = problems.show(
    Object.fromEntries(Object.entries(refused).map(([field, said]) => [field, fieldWords(field, said)])),
  );
  if (!Object.keys(refused).length) return explain(error);
  const left = Object.keys(elsewhere);
  return left.length
    ? plainWords({ ...error, details: Object.fromEntries(left.map((f) => [f, refused[f] ?? ''])) })
    : `Please fix what is marked above; ${nothingDone}.`;
}
