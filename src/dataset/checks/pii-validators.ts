/**
 * Check-digit and format rules that separate personal data from numbers that only look like it:
 * the Luhn checksum and issuer ranges of payment cards, the ISO 13616 mod-97 check of IBANs, the
 * US Social Security Administration's rules for SSNs, the check letter of Spanish DNI/NIE numbers
 * and the North American Numbering Plan's rules for phone numbers. Pure functions over digits.
 *
 * @module
 */

/**
 * True when the digits pass the Luhn (mod 10) check used by every card network.
 *
 * @param digits - Only the characters `0`–`9`.
 */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index--) {
    let digit = digits.charCodeAt(index) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Issuer ranges (IIN prefixes) with the lengths their cards have (ISO/IEC 7812, networks' published ranges). */
const CARD_RANGES: readonly {
  readonly from: number;
  readonly to: number;
  readonly lengths: readonly number[];
}[] = [
  { from: 4, to: 4, lengths: [13, 16, 19] }, // Visa
  { from: 51, to: 55, lengths: [16] }, // Mastercard
  { from: 2221, to: 2720, lengths: [16] }, // Mastercard 2-series
  { from: 34, to: 34, lengths: [15] }, // American Express
  { from: 37, to: 37, lengths: [15] },
  { from: 6011, to: 6011, lengths: [16, 17, 18, 19] }, // Discover
  { from: 644, to: 649, lengths: [16, 17, 18, 19] },
  { from: 65, to: 65, lengths: [16, 17, 18, 19] },
  { from: 3528, to: 3589, lengths: [16, 17, 18, 19] }, // JCB
  { from: 36, to: 36, lengths: [14, 15, 16, 17, 18, 19] }, // Diners Club
  { from: 300, to: 305, lengths: [14, 15, 16, 17, 18, 19] },
  { from: 38, to: 39, lengths: [14, 15, 16, 17, 18, 19] },
  { from: 62, to: 62, lengths: [16, 17, 18, 19] }, // UnionPay
];

/**
 * True when the digits form a plausible payment card number: an issuer range with a length it
 * uses, and a passing Luhn check. Numbers of one repeated digit are refused (test patterns).
 *
 * @param digits - Only the characters `0`–`9`.
 */
export function isPaymentCardNumber(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19) return false;
  if (/^(\d)\1+$/.test(digits)) return false;
  const inRange = CARD_RANGES.some((range) => {
    const width = String(range.from).length;
    const prefix = Number(digits.slice(0, width));
    return prefix >= range.from && prefix <= range.to && range.lengths.includes(digits.length);
  });
  return inRange && passesLuhn(digits);
}

/** IBAN length by country (ISO 13616 registry, SWIFT, as of 2025). */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MR: 27,
  MT: 31,
  MU: 30,
  NL: 18,
  NO: 15,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  SA: 24,
  SC: 31,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
};

/**
 * True when `compact` (upper case, no spaces) is an IBAN of its country's length whose mod-97
 * check (ISO 7064 MOD 97-10) gives 1.
 *
 * @param compact - E.g. `DE89370400440532013000`.
 */
export function isIban(compact: string): boolean {
  if (IBAN_LENGTHS[compact.slice(0, 2)] !== compact.length) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const character of rearranged) {
    const code = character.charCodeAt(0);
    // Letters count as two digits (A = 10 … Z = 35); the remainder is folded digit by digit.
    const value = code >= 65 ? code - 55 : code - 48;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

/** Numbers the SSA never issued but that circulate as examples (a wallet insert, a textbook favourite). */
const SAMPLE_SSNS = new Set(['078-05-1120', '123-45-6789', '219-09-9999']);

/**
 * True when `text` (`AAA-GG-SSSS`) follows the SSA's rules for an issued US Social Security
 * number: area not 000, 666 or 900–999, group not 00, serial not 0000, and not a well-known sample.
 *
 * @param text - Eleven characters, digits and two dashes.
 */
export function isUsSocialSecurityNumber(text: string): boolean {
  const area = Number(text.slice(0, 3));
  if (area === 0 || area === 666 || area >= 900) return false;
  if (text.slice(4, 6) === '00' || text.slice(7) === '0000') return false;
  return !SAMPLE_SSNS.has(text);
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/**
 * True when `text` is a Spanish DNI (8 digits and a letter) or NIE (X/Y/Z, 7 digits and a letter)
 * whose letter matches the number mod 23 (Real Decreto 1553/2005).
 *
 * @param text - Upper case, no separators.
 */
export function isSpanishNationalId(text: string): boolean {
  const head = text[0];
  const prefix = head === 'X' ? '0' : head === 'Y' ? '1' : head === 'Z' ? '2' : null;
  const digits = prefix === null ? text.slice(0, 8) : prefix + text.slice(1, 8);
  if (!/^\d{8}$/.test(digits)) return false;
  return DNI_LETTERS[Number(digits) % 23] === text[8];
}

/**
 * True when ten digits can be a North American (NANP) number: area code and exchange start with
 * 2–9, the area code is not an N11 service code and the exchange is not 555-01xx (fiction).
 *
 * @param digits - Exactly ten digits.
 */
export function isNanpNumber(digits: string): boolean {
  if (digits[0]! < '2' || digits[3]! < '2') return false;
  if (digits[1] === '1' && digits[2] === '1') return false;
  return !(digits.slice(3, 6) === '555' && digits.slice(6, 8) === '01');
}
