import { describe, expect, it } from 'vitest';
import { allOf, hasBinary, isCi, peerMode, requirePeer } from './require-peer.ts';

describe('peerMode', () => {
  it('runs when the peer is there, whatever the environment', () => {
    expect(peerMode(true, true)).toBe('run');
    expect(peerMode(true, false)).toBe('run');
  });

  it('fails in CI and skips elsewhere when the peer is missing', () => {
    expect(peerMode(false, true)).toBe('fail');
    expect(peerMode(false, false)).toBe('skip');
  });
});

describe('isCi', () => {
  it('treats unset, empty, false and 0 as not CI', () => {
    for (const CI of [undefined, '', 'false', '0']) expect(isCi({ CI })).toBe(false);
    expect(isCi({ CI: 'true' })).toBe(true);
    expect(isCi({ CI: '1' })).toBe(true);
  });
});

describe('requirePeer', () => {
  it('fails in CI with the reason when the check says missing', async () => {
    const peer = await requirePeer('ghost', false, { CI: 'true' });
    expect(peer).toMatchObject({ mode: 'fail', reason: expect.stringContaining('"ghost" is not available') });
  });

  it('counts a throwing check as missing and keeps its message', async () => {
    const peer = await requirePeer('flaky', () => Promise.reject(new Error('boom')), {});
    expect(peer).toMatchObject({ mode: 'skip', reason: expect.stringContaining('boom') });
  });

  it('runs when an async check resolves true', async () => {
    expect((await requirePeer('here', async () => true, { CI: 'true' })).mode).toBe('run');
  });
});

describe('availability checks', () => {
  it('hasBinary finds executables by path and on PATH, and nothing else', async () => {
    expect(await hasBinary(process.execPath)).toBe(true);
    expect(await hasBinary('sh')).toBe(true);
    expect(await hasBinary('/nonexistent/ixh-tool')).toBe(false);
    expect(await hasBinary('ixh-no-such-tool-on-path')).toBe(false);
  });

  it('allOf needs every check and stops at the first missing one', async () => {
    let reached = false;
    const check = allOf(true, () => false, () => (reached = true));
    expect(await check()).toBe(false);
    expect(reached).toBe(false);
    expect(await allOf(true, async () => true)()).toBe(true);
  });
});
