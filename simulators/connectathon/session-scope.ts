/**
 * Which session an HTTP request belongs to. A session's SOAP endpoints are the world's own URLs
 * with `/s/<sessionId>` put in front of the path; the countries' fastify apps strip that prefix
 * (`rewriteUrl`) and run the rest of the request inside an AsyncLocalStorage scope, so every
 * evidence record made while handling it (the request, the response, and the calls the actor
 * makes on its behalf) can be attributed without passing the session through actor code.
 *
 * Records made before the handler runs (a body too large, an unreadable content type) happen
 * outside that scope; they carry the caller's `ip:port` as peer, which `sessionOfPeer` maps while
 * the caller's connection is open.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage } from 'node:http';
import type { HttpRequestScope } from '../world/start-world.ts';

const PREFIX = /^\/s\/([A-Za-z0-9_-]{1,128})(\/.*)$/;

export interface SessionScope extends HttpRequestScope {
  /** The session whose request is being handled in the current async context. */
  current(): string | undefined;
  /** The session of an HTTP caller by the evidence peer `ip:port`, while its connection is open. */
  sessionOfPeer(peer: string): string | undefined;
  /** Runs `fn` as if handling a request of `sessionId` (tests, in-process senders). */
  run<T>(sessionId: string, fn: () => T): T;
}

/** Splits `/s/<id>/rest` into the session id and the world's own path; undefined for any other URL. */
export function splitSessionPath(url: string): { sessionId: string; path: string } | undefined {
  const match = PREFIX.exec(url);
  return match ? { sessionId: match[1]!, path: match[2]! } : undefined;
}

/** The URL of a world endpoint as a session sees it. */
export function sessionUrl(worldUrl: string, sessionId: string): string {
  const url = new URL(worldUrl);
  url.pathname = `/s/${sessionId}${url.pathname}`;
  return url.toString();
}

/** `isOpen` decides whether a prefixed URL is honoured: an unknown or closed session's prefix is left as is, and the app answers 404. */
export function createSessionScope(isOpen: (sessionId: string) => boolean): SessionScope {
  const storage = new AsyncLocalStorage<string>();
  const byRequest = new WeakMap<IncomingMessage, string>();
  const byPeer = new Map<string, string>();
  const watched = new WeakSet<object>();

  function rememberPeer(raw: IncomingMessage, sessionId: string): void {
    const socket = raw.socket;
    if (!socket) return;
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    byPeer.set(peer, sessionId);
    if (watched.has(socket)) return;
    watched.add(socket);
    socket.once('close', () => byPeer.delete(peer));
  }

  return {
    rewriteUrl(raw) {
      const url = raw.url ?? '/';
      const split = splitSessionPath(url);
      if (!split || !isOpen(split.sessionId)) return url;
      byRequest.set(raw, split.sessionId);
      rememberPeer(raw, split.sessionId);
      return split.path;
    },
    enter(raw, next) {
      const sessionId = byRequest.get(raw);
      if (sessionId === undefined) return next();
      storage.run(sessionId, next);
    },
    current: () => storage.getStore(),
    sessionOfPeer: (peer) => byPeer.get(peer),
    run: (sessionId, fn) => storage.run(sessionId, fn),
  };
}
