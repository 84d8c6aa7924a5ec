/**
 * THE durability proof of issue 7: a message acknowledged to its sender is still there after the
 * storing process is SIGKILLed at a random point, and the session resumes after the restart.
 * Three kills in a row on the same store and session, so resuming is itself killed and checked.
 *
 * What this proves is durability against a process crash (the acknowledged transaction reached
 * the OS before the ack). Surviving a power cut additionally rests on synchronous = FULL
 * fsyncing the WAL at each commit, which a test cannot cut the power on.
 */
import { spawn } from 'node:child_process';
import { createHash, randomInt } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSessionStore } from './session-store.ts';
import { tempStore, type TempStore } from './test-store.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const CHILD = fileURLToPath(new URL('./durability-child.ts', import.meta.url));
const MIN_ACKS = 200;

interface KilledRun {
  readonly sessionId: string;
  /** seq → SHA-256 of the body, for every ack the child printed before it died. */
  readonly acks: ReadonlyMap<number, string>;
  readonly signal: NodeJS.Signals | null;
}

/** Runs the child until it acknowledged `killAfter` messages, SIGKILLs it, and reads every line it got out. */
function runAndKill(file: string, killAfter: number, sessionId?: string): Promise<KilledRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', './bin/register-ts.mjs', CHILD, file, ...(sessionId ? [sessionId] : [])], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    const acks = new Map<number, string>();
    let session = sessionId;
    let stderr = '';
    let killed = false;
    const guard = setTimeout(() => child.kill('SIGKILL'), 12_000);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const [kind, a, b] = line.split(' ');
      if (kind === 'session') session = a;
      else if (kind === 'ack') acks.set(Number(a), b!);
      if (!killed && acks.size >= killAfter) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    // 'close' comes after stdout ended: every line the child wrote has been read by then.
    child.on('close', (_code, signal) => {
      clearTimeout(guard);
      if (!session) reject(new Error(`the child never opened a session: ${stderr}`));
      else if (!killed) reject(new Error(`the child stopped after ${acks.size} acks without being killed: ${stderr}`));
      else resolvePromise({ sessionId: session, acks, signal });
    });
  });
}

let t: TempStore;
beforeEach(() => {
  t = tempStore();
  t.store.close();
});
afterEach(() => {
  t.remove();
});

describe('SIGKILL durability', () => {
  it('keeps every acknowledged message, byte for byte, through three kills at random points, and resumes each time', async () => {
    const acknowledged = new Map<number, string>();
    let sessionId: string | undefined;
    for (let run = 1; run <= 3; run++) {
      const killAfter = MIN_ACKS + randomInt(0, 150);
      const result = await runAndKill(t.file, killAfter, sessionId);
      expect(result.signal).toBe('SIGKILL');
      expect(result.acks.size).toBeGreaterThanOrEqual(killAfter);
      sessionId = result.sessionId;
      for (const [seq, hash] of result.acks) acknowledged.set(seq, hash);

      const store = openSessionStore({ file: t.file });
      try {
        const seqs = store.messages(sessionId).map((m) => m.seq);
        const lastAck = Math.max(...acknowledged.keys());
        // Gap-free from 1; at most one message committed whose ack the kill cut off.
        expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
        expect(seqs.length === lastAck || seqs.length === lastAck + 1).toBe(true);
        for (const [seq, hash] of acknowledged) {
          const body = store.body(sessionId, seq);
          expect(body, `acknowledged message ${seq} is missing`).toBeDefined();
          expect(createHash('sha256').update(body!).digest('hex'), `body of message ${seq}`).toBe(hash);
        }
        expect(store.sessionByToken('x'.repeat(43))).toBeUndefined();
        expect(store.session(sessionId)?.closedAt).toBeUndefined();
        // The session resumes: the next append continues right after what is stored.
        const next = store.appendMessage(sessionId, { time: new Date().toISOString(), actor: 'pacs', peer: 'parent', transaction: 'C-ECHO', direction: 'request', format: 'bin' }, Buffer.from(`resumed after kill ${run}`));
        expect(next.seq).toBe(seqs.length + 1);
        acknowledged.set(next.seq, createHash('sha256').update(`resumed after kill ${run}`).digest('hex'));
      } finally {
        store.close();
      }
    }
    expect(acknowledged.size).toBeGreaterThanOrEqual(3 * MIN_ACKS);
  }, 30_000);
});
