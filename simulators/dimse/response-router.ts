/**
 * Matches DIMSE responses to the requests awaiting them (by MessageIDBeingRespondedTo) and turns
 * a missing response into a timeout error instead of a silent hang. Each awaited request keeps
 * only its callbacks, never the data set it sent.
 */
import type { CommandSet } from './command-set.ts';
import type { Identifier } from './dataset-codec.ts';

export interface Response {
  readonly command: CommandSet;
  readonly identifier?: Identifier;
}

export interface Awaiting {
  /** Called for every response; return true when it was the final one. */
  onResponse(response: Response): boolean;
  onError(error: Error): void;
}

export interface ResponseRouter {
  nextMessageId(): number;
  /** Starts the response timer for `messageId`; it restarts on every (pending) response. */
  expect(messageId: number, awaiting: Awaiting, timeoutMs: number, what: string): void;
  /** False when nobody awaited this response. */
  deliver(response: Response): boolean;
  /** Stops awaiting `messageId` without calling back (the request never went out). */
  drop(messageId: number): void;
  failAll(error: Error): void;
  readonly outstanding: number;
}

export function createResponseRouter(): ResponseRouter {
  let messageId = 0;
  const waiting = new Map<number, { awaiting: Awaiting; timer: NodeJS.Timeout; arm: () => NodeJS.Timeout }>();

  return {
    nextMessageId() {
      messageId = (messageId % 0xffff) + 1;
      return messageId;
    },
    expect(id, awaiting, timeoutMs, what) {
      const arm = (): NodeJS.Timeout =>
        setTimeout(() => {
          waiting.delete(id);
          awaiting.onError(new Error(`no response to ${what} (message ${id}) within ${timeoutMs} ms`));
        }, timeoutMs);
      waiting.set(id, { awaiting, timer: arm(), arm });
    },
    deliver(response) {
      const id = response.command.MessageIDBeingRespondedTo;
      const entry = id === undefined ? undefined : waiting.get(id);
      if (!entry || id === undefined) return false;
      clearTimeout(entry.timer);
      let final: boolean;
      try {
        final = entry.awaiting.onResponse(response);
      } catch (err) {
        waiting.delete(id);
        entry.awaiting.onError(err as Error);
        return true;
      }
      if (final) waiting.delete(id);
      else entry.timer = entry.arm();
      return true;
    },
    drop(id) {
      const entry = waiting.get(id);
      if (entry) clearTimeout(entry.timer);
      waiting.delete(id);
    },
    failAll(error) {
      for (const [, entry] of waiting) {
        clearTimeout(entry.timer);
        entry.awaiting.onError(error);
      }
      waiting.clear();
    },
    get outstanding() {
      return waiting.size;
    },
  };
}
