/**
 * Group commit for the session store. Under synchronous = FULL each commit costs an fsync
 * (2–3 ms on the CI disk) and better-sqlite3 blocks the event loop while it runs, so one commit
 * per message caps the whole server near 400 messages/s. Appends queued during one turn of the
 * event loop are committed together instead (one fsync), and each caller's promise resolves only
 * after that commit: still "acknowledge only what is stored", at the cost of one tick of latency.
 *
 * A batch that fails (one bad message refuses the whole transaction) is retried one message at a
 * time, so only the faulty append rejects and the others are still stored.
 */
import type { MessageToAppend, NewMessage, SessionStore, StoredMessage } from './session-store.ts';

export interface GroupCommitter {
  /** Resolves once the message is committed; rejects with the store's error if it was refused. */
  append(sessionId: string, message: NewMessage, body: Uint8Array): Promise<StoredMessage>;
}

interface Waiting {
  readonly item: MessageToAppend;
  resolve(stored: StoredMessage): void;
  reject(err: unknown): void;
}

/** Above this many queued appends the batch is committed without waiting for the tick to end. */
const DEFAULT_MAX_BATCH = 256;

export function groupCommitter(store: SessionStore, options: { readonly maxBatch?: number } = {}): GroupCommitter {
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  let queue: Waiting[] = [];
  let scheduled: NodeJS.Immediate | undefined;

  function commit(): void {
    clearImmediate(scheduled);
    scheduled = undefined;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    let stored: readonly StoredMessage[];
    try {
      stored = store.appendMessages(batch.map((w) => w.item));
    } catch {
      for (const w of batch) {
        try {
          w.resolve(store.appendMessage(w.item.sessionId, w.item.message, w.item.body));
        } catch (err) {
          w.reject(err);
        }
      }
      return;
    }
    batch.forEach((w, i) => w.resolve(stored[i]!));
  }

  return {
    append(sessionId, message, body) {
      return new Promise((resolve, reject) => {
        queue.push({ item: { sessionId, message, body }, resolve, reject });
        if (queue.length >= maxBatch) commit();
        else scheduled ??= setImmediate(commit);
      });
    },
  };
}
