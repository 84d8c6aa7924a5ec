import type { IncomingMessage } from 'node:http';
import { expect, it } from 'vitest';
import { createSessionScope, sessionUrl, splitSessionPath } from './session-scope.ts';

const ID = '0123456789abcdef';
const request = (url: string, port = 50000): IncomingMessage => ({ url, socket: { remoteAddress: '127.0.0.1', remotePort: port, once: () => undefined } }) as unknown as IncomingMessage;

it('puts the session prefix in front of a world URL and takes it off again', () => {
  const url = sessionUrl('http://127.0.0.1:8100/ncp/responding/xcpd', ID);
  expect(url).toBe(`http://127.0.0.1:8100/s/${ID}/ncp/responding/xcpd`);
  expect(splitSessionPath(new URL(url).pathname)).toEqual({ sessionId: ID, path: '/ncp/responding/xcpd' });
  expect(splitSessionPath('/ncp/responding/xcpd')).toBeUndefined();
});

it('strips the prefix of an open session only and runs the rest of the request in its scope', () => {
  const scope = createSessionScope((id) => id === ID);
  const raw = request(`/s/${ID}/xds/registry`);
  expect(scope.rewriteUrl(raw)).toBe('/xds/registry');
  expect(scope.rewriteUrl(request('/s/ffffffffffffffff/xds/registry'))).toBe('/s/ffffffffffffffff/xds/registry');
  let seen: string | undefined;
  scope.enter(raw, () => {
    seen = scope.current();
  });
  expect(seen).toBe(ID);
  expect(scope.current()).toBeUndefined();
  expect(scope.sessionOfPeer('127.0.0.1:50000')).toBe(ID);
  let outside: string | undefined = 'unset';
  scope.enter(request('/xds/registry', 50001), () => {
    outside = scope.current();
  });
  expect(outside).toBeUndefined();
});
