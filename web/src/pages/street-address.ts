/** The hotelier's "Street address" field, the same on the new hotel form and the hotel's details. */
import { MAX_ADDRESS_CHARACTERS } from '../../../lambdas/domain/model';
import { h } from '../dom';

/** What the field asks for, under it. */
export const STREET_ADDRESS_HINT =
  'Optional. One line, e.g. 10 Bayfront Avenue; travellers see it with the city.';

/** The street address input, holding `value` (a hotel's current address) if given. */
export function streetAddressInput(value?: string): HTMLInputElement {
  return h('input', {
    type: 'text',
    maxlength: String(MAX_ADDRESS_CHARACTERS),
    // The hotel's address, not the hotelier's own: the browser must not offer theirs.
    autocomplete: 'off',
    value,
  });
}
