/** The parts of a raw caller id once URI wrappers, separators and extensions are peeled off. */
export interface CleanedCallerId {
  /** `true` when the caller id says the number is withheld. */
  anonymous: boolean;
  /** Set when the input cannot be a number at all. */
  problem?: 'too-long' | 'bad-characters' | 'no-digits';
  /** Whether the number started with `+`. */
  plus: boolean;
  /** Only the digits. */
  digits: string;
  /** Whether `*` or `#` occur (feature codes, USSD). */
  feature: boolean;
  /** Extension after the number (`;ext=`, `ext.`, `x`). */
  extension?: string;
}

/** Longest input we look at: E.164 is at most 15 digits; 64 leaves room for formatting and URIs. */
export const MAX_INPUT_LENGTH = 64;

// What Asterisk, SIP trunks and carriers put in the caller id when the number is withheld.
const ANONYMOUS = new Set([
  '',
  'anonymous',
  'restricted',
  'unknown',
  'unavailable',
  'private',
  'private number',
  'withheld',
  'blocked',
  'no caller id',
  'not available',
]);

// Separators people and PBXs use: spaces (incl. NBSP), dots, dashes (incl. Unicode dashes), brackets, slash.
const ALLOWED = /^\+?[\d\s().\-/*#\u00a0\u2010-\u2015]*$/;
const EXTENSION = /^(.*?\d[\s).]*)(?:ext\.?|extension|x)\s*(\d{1,7})$/i;
const NOT_DIGIT = /\D/g;
const FEATURE = /[*#]/;
const LETTER = /[a-z]/i;

/** Peel a raw caller id down to its digits; pure and cheap (runs on every call). */
export function cleanCallerId(raw: string): CleanedCallerId {
  if (raw.length > MAX_INPUT_LENGTH)
    return { anonymous: false, problem: 'too-long', plus: false, digits: '', feature: false };
  let s = raw.trim();
  // Asterisk writes `<unknown>`; display strings sometimes wrap the number in angle brackets.
  if (s.startsWith('<') && s.endsWith('>')) s = s.slice(1, -1).trim();
  let extension: string | undefined;
  // Most caller ids are digits and separators only: skip the word checks for them (hot path).
  if (s === '' || LETTER.test(s)) {
    const lower = s.toLowerCase();
    if (ANONYMOUS.has(lower)) return { anonymous: true, plus: false, digits: '', feature: false };
    // RFC 3966 `tel:` and SIP URIs: keep the user part, read `;ext=`, drop other parameters.
    if (lower.startsWith('tel:')) s = s.slice(4);
    else if (lower.startsWith('sip:') || lower.startsWith('sips:')) {
      s = s.slice(s.indexOf(':') + 1);
      const at = s.indexOf('@');
      if (at >= 0) s = s.slice(0, at);
      if (ANONYMOUS.has(s.toLowerCase())) return { anonymous: true, plus: false, digits: '', feature: false };
    }
    const semi = s.indexOf(';');
    if (semi >= 0) {
      const ext = /;ext=(\d{1,7})(?:;|$)/i.exec(s);
      if (ext) extension = ext[1];
      s = s.slice(0, semi);
    }
    if (extension === undefined) {
      const ext = EXTENSION.exec(s);
      if (ext?.[1] !== undefined && ext[2] !== undefined) {
        s = ext[1];
        extension = ext[2];
      }
    }
  }
  if (!ALLOWED.test(s))
    return { anonymous: false, problem: 'bad-characters', plus: false, digits: '', feature: false };
  const digits = s.replace(NOT_DIGIT, '');
  if (digits === '')
    return { anonymous: false, problem: 'no-digits', plus: false, digits: '', feature: false };
  const cleaned: CleanedCallerId = {
    anonymous: false,
    plus: s.startsWith('+'),
    digits,
    feature: FEATURE.test(s),
  };
  if (extension !== undefined) cleaned.extension = extension;
  return cleaned;
}
