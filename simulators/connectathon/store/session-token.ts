/**
 * Session tokens: 32 random bytes, base64url (43 characters). The store keeps only their SHA-256,
 * so a copy of the database file does not let anyone into a session.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const TOKEN_BYTES = 32;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function newSessionToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** Anything a client sends may reach here (headers, query strings): non-strings are no token. */
export function looksLikeToken(candidate: unknown): candidate is string {
  return typeof candidate === 'string' && TOKEN_SHAPE.test(candidate);
}

export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Constant-time: how many leading bytes matched must not show in the response time. */
export function tokenMatches(token: string, storedHash: Uint8Array): boolean {
  const hash = tokenHash(token);
  return storedHash.byteLength === hash.byteLength && timingSafeEqual(hash, storedHash);
}
