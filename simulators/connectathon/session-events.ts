/**
 * Live events per session, for the dashboard's server-sent events. Subscribers are keyed by
 * session id and an event is only ever handed to the subscribers of the session it was
 * published for: that key is the whole of the isolation between vendors on this channel.
 */
import type { LiveFinding } from './live-validation.ts';
import type { StoredMessage } from './store/session-store.ts';

export type Validation = 'pending' | 'done' | 'not-judged';

export type SessionEvent =
  | { readonly type: 'message'; readonly message: StoredMessage; readonly validation: Validation; readonly findings?: readonly LiveFinding[] }
  | { readonly type: 'findings'; readonly seq: number; readonly findings: readonly LiveFinding[]; readonly latencyMs: number };

export type SessionListener = (event: SessionEvent) => void;

export interface SessionEvents {
  subscribe(sessionId: string, listener: SessionListener): () => void;
  publish(sessionId: string, event: SessionEvent): void;
  subscribers(sessionId: string): number;
}

export function createSessionEvents(): SessionEvents {
  const listeners = new Map<string, Set<SessionListener>>();
  return {
    subscribe(sessionId, listener) {
      const set = listeners.get(sessionId) ?? new Set();
      set.add(listener);
      listeners.set(sessionId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(sessionId);
      };
    },
    publish(sessionId, event) {
      for (const listener of listeners.get(sessionId) ?? []) {
        try {
          listener(event);
        } catch {
          // A listener is one browser connection; a broken one must not stop the others. The
          // SSE route unsubscribes it when its socket closes.
        }
      }
    },
    subscribers: (sessionId) => listeners.get(sessionId)?.size ?? 0,
  };
}
