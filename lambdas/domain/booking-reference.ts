/**
 * A booking's `reference`: 8 characters a traveller can read out over the phone,
 * from an alphabet without look-alikes, unique across both regions.
 *
 * Uniqueness is proven, not hoped for: each region draws the first character from
 * its own half of the alphabet, so the two regions can never mint the same
 * reference; within a region, the booking's transaction claims the reference with
 * a conditional put that fails if it is taken (then the booking retries with another).
 */
import { createHash, randomInt } from 'node:crypto';
import { REGIONS, type Region } from './regions';
import { hashIsOneOf } from './secrets';

/** 2–9 and A–Z without 0/O, 1/I/L: 31 characters. */
export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const REFERENCE_LENGTH = 8;
/** A well-formed reference, once normalised (upper case, no spaces or dashes). */
export const REFERENCE_PATTERN = new RegExp(`^[${REFERENCE_ALPHABET}]{${REFERENCE_LENGTH}}$`);

/** The first characters each region may mint: disjoint halves of the alphabet. */
export function referencePrefixes(region: Region): string {
  const half = Math.ceil(REFERENCE_ALPHABET.length / REGIONS.length);
  const at = REGIONS.indexOf(region);
  return REFERENCE_ALPHABET.slice(at * half, (at + 1) * half);
}

/** A new random reference minted in `region` (about 38.6 bits). */
export function newReference(region: Region, random: (max: number) => number = randomInt): string {
  const first = referencePrefixes(region);
  let reference = first[random(first.length)] ?? '';
  while (reference.length < REFERENCE_LENGTH)
    reference += REFERENCE_ALPHABET[random(REFERENCE_ALPHABET.length)];
  return reference;
}

/** A reference as a traveller may type it ("abcd 2345", "ABCD-2345") in its one stored form. */
export function normalizeReference(typed: string): string {
  return typed.replace(/[\s-]/g, '').toUpperCase();
}

/** The form in which an e-mail address is matched: trimmed, lower case, hashed (SHA-256). */
export function emailFingerprint(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase(), 'utf8').digest('base64url');
}

/** A fingerprint that no e-mail address has: what an unknown reference is compared against. */
const NO_EMAIL = createHash('sha256').update('\0no e-mail\0').digest('base64url');

/**
 * True when `email` is one of the fingerprinted addresses. Every comparison runs,
 * and an unknown reference (no fingerprints) costs the same as a known one.
 */
export function emailMatches(email: string, fingerprints: readonly string[] | undefined): boolean {
  return hashIsOneOf(emailFingerprint(email), fingerprints?.length ? fingerprints : [NO_EMAIL]);
}
