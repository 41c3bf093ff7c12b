/**
 * Applicant identifiers: the resident identity number (GB 11643-1999) and the unified
 * social credit code (GB 32100-2015), with their check characters, and masking.
 */

import { normalizeCell } from './columns.js';

/** An id as typed (full-width digits, a small x, spaces) in the form ids are stored in. */
export function normalizeIdText(raw: string): string {
  return normalizeCell(raw).toUpperCase().replace(/\s+/g, '');
}

const RESIDENT_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_CHECK = '10X98765432';

/** The GB 11643 check character of a resident id's first 17 digits (ISO 7064 MOD 11-2). */
export function residentCheckCharacter(first17: string): string {
  let sum = 0;
  // Character codes rather than Number(character): an import checks a million ids.
  for (let index = 0; index < 17; index++) sum += (first17.charCodeAt(index) - 48) * RESIDENT_WEIGHTS[index]!;
  return RESIDENT_CHECK[sum % 11]!;
}

/** GB 11643: 17 digits and a check character. */
export function isValidResidentId(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  return residentCheckCharacter(id) === id[17];
}

/** GB 32100 code alphabet: digits and capitals without I, O, Z, S, V. */
export const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function looksLikeCreditCode(id: string): boolean {
  return id.length === 18 && [...id].every((ch) => CREDIT_ALPHABET.includes(ch)) && /[A-Z]/.test(id);
}

/** The GB 32100 check character of a credit code's first 17 characters (mod 31). */
export function creditCheckCharacter(first17: string): string {
  let sum = 0;
  for (let index = 0; index < 17; index++) sum += CREDIT_ALPHABET.indexOf(first17[index]!) * CREDIT_WEIGHTS[index]!;
  return CREDIT_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** GB 32100: 17 characters and a check character. */
export function isValidCreditCode(id: string): boolean {
  if (!looksLikeCreditCode(id) && !/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(id)) return false;
  return creditCheckCharacter(id) === id[17];
}

export type IdType = 'resident' | 'credit' | 'other';

/** `110101********1234`: an 18-character id keeps its region and last four; others their ends. */
export function maskId(id: string | null): string | null {
  if (id === null || id === '') return id;
  if (id.length >= 18) return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
  if (id.length <= 4) return '*'.repeat(id.length);
  return `${id.slice(0, 2)}${'*'.repeat(id.length - 4)}${id.slice(-2)}`;
}
