/**
 * Normalisation of call-type text and codes, shared by taxonomy rules and the data they match.
 *
 * Exports spell the same call type many ways ("Trespass/Unwanted", "TRESPASS - UNWANTED",
 * "trespass_unwanted "), so rules compare normalised strings:
 *
 * 1. Upper case.
 * 2. Unicode compatibility decomposition (NFKD) and accents dropped: "PÚBLICO" = "PUBLICO",
 *    full-width "ＭＥＮＴＡＬ" = "MENTAL".
 * 3. Apostrophes removed, joining the word: "OFFICER'S" = "OFFICERS".
 * 4. Every run of characters that is neither a letter nor a digit (spaces, tabs, `-`, `/`,
 *    `_`, `.`, `,`, `&`, `(`, `)`, `#`, `:` …) becomes one space; leading and trailing
 *    spaces go. So "TRESPASS/UNWANTED" = "TRESPASS - UNWANTED" = "TRESPASS UNWANTED".
 *
 * Separators are kept as a single space, never deleted: "10-96" becomes "10 96", which is
 * *not* equal to "1096", and "1181-CR" is not "1181CR". Joining digits would make distinct
 * codes collide (San Diego uses both "11-6" style ten-codes and penal-code numbers), so a
 * rule lists both spellings when an export writes a code both ways.
 */

const APOSTROPHES = /['\u2018\u2019\u02BC`\u00B4]/g;
const COMBINING_MARKS = /\p{M}+/gu;
const SEPARATORS = /[^\p{L}\p{N}]+/gu;
// Plain upper-case ASCII words separated by single spaces are already normal: the common case.
const ALREADY_NORMAL = /^[A-Z0-9]+(?: [A-Z0-9]+)*$/;

/**
 * Normalises a call-type text, code, priority or disposition for comparison
 * (see the module comment for the rules). Returns '' for blank input.
 *
 * @example normalizeCallType(' Trespass/Unwanted ') // => 'TRESPASS UNWANTED'
 * @example normalizeCallType('10-96') // => '10 96'
 */
export function normalizeCallType(value: string): string {
  if (value === '' || ALREADY_NORMAL.test(value)) return value;
  return value
    .toUpperCase()
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .replace(APOSTROPHES, '')
    .replace(SEPARATORS, ' ')
    .trim();
}
