import { describe, expect, it } from 'vitest';
import { looksLikeToken, newSessionToken, tokenHash, tokenMatches } from './session-token.ts';

describe('session tokens', () => {
  it('are 32 random bytes in base64url, different every time', () => {
    const a = newSessionToken();
    const b = newSessionToken();
    expect(Buffer.from(a, 'base64url').byteLength).toBe(32);
    expect(looksLikeToken(a)).toBe(true);
    expect(a).not.toBe(b);
  });

  it('match their own hash only', () => {
    const token = newSessionToken();
    expect(tokenMatches(token, tokenHash(token))).toBe(true);
    expect(tokenMatches(newSessionToken(), tokenHash(token))).toBe(false);
    expect(tokenMatches(token, new Uint8Array(5))).toBe(false);
  });

  it('refuse anything not shaped like a token', () => {
    for (const bad of [undefined, null, 42, '', 'short', `${newSessionToken()}x`, 'a'.repeat(42) + '=', { toString: () => newSessionToken() }]) {
      expect(looksLikeToken(bad)).toBe(false);
    }
  });
});
