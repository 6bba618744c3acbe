/**
 * The rules for a guest's contact details, in one place for the API's schemas and the web
 * form (which takes the pattern for its `pattern` attribute, so it has no dependencies).
 */

/**
 * A phone number as people write it: an optional leading `+`, then 6 to 20 digits, spaces,
 * brackets and hyphens, holding at least 6 digits (E.164's longest number has 15). Brackets
 * and the hyphen stand outside any character class: inside one, the `v` flag that browsers
 * read `pattern` with would refuse them unescaped.
 */
export const PHONE_PATTERN = /^(?=(?:[^0-9]*[0-9]){6})\+?(?:[0-9 ]|\(|\)|-){6,20}$/;

/** The longest a guest's requests may be, in characters (code points), after trimming. */
export const MAX_REQUESTS_CHARACTERS = 500;
