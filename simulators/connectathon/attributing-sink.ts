/**
 * The served world's evidence sink, wrapped so that every message a vendor's system sends or
 * receives lands in that vendor's session as well as in the ordinary evidence.
 *
 * Attribution: an HTTP message by the session scope (the `/s/<id>/` URL prefix, carried in an
 * AsyncLocalStorage scope, or the caller's `ip:port` while its connection is open); a DIMSE
 * message by the AE title in its peer (`CALLING_AE@host:port` as the world's PACS records it),
 * matched against the AE titles open sessions declared. Anything else goes to the ordinary
 * evidence only.
 *
 * Acknowledgement: `store.appendMessage` is synchronous (better-sqlite3) and runs inside
 * `record()` itself, before it returns. Actors call `record()` before they answer on the wire
 * (the PACS records a C-STORE data set before returning the status that becomes C-STORE-RSP;
 * the SOAP endpoint records a request before it builds the response), so a sender is
 * acknowledged only after its message is committed. Validation follows in a queue.
 */
import { readFileSync } from 'node:fs';
import type { EvidenceBody, EvidenceMessage, EvidenceSink } from '../evidence/evidence.ts';
import type { ValidationProfile } from '../../validators/rule.ts';
import { isJudged, judgeBody, type ValidationQueue } from './live-validation.ts';
import type { SessionScope } from './session-scope.ts';
import type { SessionEvents } from './session-events.ts';
import type { SessionStore } from './store/session-store.ts';

export interface AttributingSinkOptions {
  readonly inner: EvidenceSink;
  readonly store: SessionStore;
  readonly scope: Pick<SessionScope, 'current' | 'sessionOfPeer'>;
  /** The open session that declared this AE title, if any. */
  readonly sessionOfAeTitle: (aeTitle: string) => string | undefined;
  /** The validation profile of the actor's country ("FR.pacs" → FR's profile). */
  readonly profileOf: (actor: string) => ValidationProfile;
  readonly events: SessionEvents;
  readonly validation: ValidationQueue;
}

export interface AttributingSink extends EvidenceSink {
  /** Messages attributed to a session so far, and store failures (each also in `failures()`). */
  counts(): { readonly attributed: number; readonly storeFailures: number };
}

/** `ACME@127.0.0.1:5000` → `ACME`; undefined for URLs and bare `ip:port` peers. */
export function aeTitleOfPeer(peer: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(peer)) return undefined;
  const at = peer.lastIndexOf('@');
  if (at <= 0) return undefined;
  return peer.slice(0, at).trim();
}

export function bodyBytes(body: EvidenceBody): Uint8Array {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return body;
  // Same rendering as the evidence recorder, so the session's copy and the evidence directory agree byte for byte.
  if ('json' in body) return Buffer.from(JSON.stringify(body.json, null, 2), 'utf8');
  return readFileSync(body.file);
}

export function createAttributingSink(options: AttributingSinkOptions): AttributingSink {
  const { inner, store, scope, events, validation } = options;
  const failures: string[] = [];
  let attributed = 0;
  let storeFailures = 0;

  function sessionOf(message: EvidenceMessage): string | undefined {
    const scoped = scope.current();
    if (scoped !== undefined) return scoped;
    const ae = aeTitleOfPeer(message.peer);
    if (ae !== undefined) return options.sessionOfAeTitle(ae);
    return scope.sessionOfPeer(message.peer);
  }

  function attribute(sessionId: string, message: EvidenceMessage): void {
    let stored;
    let body: Uint8Array;
    try {
      body = bodyBytes(message.body);
      stored = store.appendMessage(
        sessionId,
        {
          time: new Date(message.startedAt ?? Date.now()).toISOString(),
          actor: message.actor,
          peer: message.peer,
          transaction: message.transaction,
          direction: message.direction,
          format: message.format,
          ...(message.status !== undefined && { status: message.status }),
          ...(message.durationMs !== undefined && { durationMs: Math.round(message.durationMs * 1000) / 1000 }),
          ...(message.association !== undefined && { association: message.association }),
        },
        body,
      );
    } catch (err) {
      storeFailures++;
      failures.push(`session ${sessionId}: ${message.actor} ${message.transaction} ${message.direction} not stored: ${(err as Error).message}`);
      return;
    }
    attributed++;
    const acknowledgedAt = performance.now();
    if (!isJudged(stored.format)) {
      events.publish(sessionId, { type: 'message', message: stored, validation: 'not-judged' });
      return;
    }
    events.publish(sessionId, { type: 'message', message: stored, validation: 'pending' });
    const profile = options.profileOf(message.actor);
    validation.push({
      sessionId,
      seq: stored.seq,
      acknowledgedAt,
      run() {
        const { findings } = judgeBody(body, stored, profile);
        store.addFindings(sessionId, stored.seq, findings);
        events.publish(sessionId, { type: 'findings', seq: stored.seq, findings, latencyMs: Math.round((performance.now() - acknowledgedAt) * 1000) / 1000 });
      },
    });
  }

  return {
    record(message) {
      const sessionId = sessionOf(message);
      if (sessionId !== undefined) attribute(sessionId, message);
      return inner.record(message);
    },
    entries: () => inner.entries(),
    read: (entry) => inner.read(entry),
    failures: () => [...inner.failures(), ...failures],
    flush: () => inner.flush(),
    async close() {
      await validation.idle();
      await inner.close();
      if (failures.length > 0) throw new Error(`connectathon sessions could not store: ${failures.join('; ')}`);
    },
    counts: () => ({ attributed, storeFailures }),
  };
}
