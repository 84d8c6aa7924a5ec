/**
 * Measures what durability costs: `appendMessage` of a 10 kB body under synchronous = NORMAL and
 * FULL, and a group commit (`appendMessages`) of 20 under FULL, on a temporary store.
 * `node --import ./bin/register-ts.mjs simulators/connectathon/store/measure-append.ts [COUNT]`
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSessionStore, type MessageToAppend, type NewMessage } from './session-store.ts';
import type { Synchronous } from './store-schema.ts';

const COUNT = Number(process.argv[2] ?? 2000);
const BODY = randomBytes(10_000);
const MESSAGE: NewMessage = { time: new Date().toISOString(), actor: 'pacs', peer: 'ACME@127.0.0.1:1', transaction: 'C-STORE', direction: 'request', format: 'dcm' };

function measure(label: string, synchronous: Synchronous, batchSize: number): void {
  const dir = mkdtempSync(join(tmpdir(), 'ixh-measure-'));
  const store = openSessionStore({ file: join(dir, 'sessions.db'), synchronous });
  try {
    const ids = Array.from({ length: 20 }, (_, i) => store.createSession({ vendor: `Vendor ${i}`, role: 'pacs', addresses: { aeTitle: `V${i}` } }).id);
    const started = performance.now();
    for (let i = 0; i < COUNT; i += batchSize) {
      if (batchSize === 1) store.appendMessage(ids[i % ids.length]!, MESSAGE, BODY);
      else {
        const batch: MessageToAppend[] = Array.from({ length: batchSize }, (_, k) => ({ sessionId: ids[(i + k) % ids.length]!, message: MESSAGE, body: BODY }));
        store.appendMessages(batch);
      }
    }
    const ms = performance.now() - started;
    process.stdout.write(`${label.padEnd(34)} ${(ms / COUNT).toFixed(3)} ms/message  ${Math.round(COUNT / (ms / 1000))} messages/s\n`);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

measure('NORMAL, one commit per message', 'normal', 1);
measure('FULL, one commit per message', 'full', 1);
measure('FULL, group commit of 20', 'full', 20);
