/**
 * The process the durability test kills. Opens the store at argv[2], uses the session argv[3]
 * (or creates one and prints `session <id>`), then appends messages without end, printing
 * `ack <seq> <sha256 of the body>` after each append returns: the acknowledgement a sender
 * would get. The parent SIGKILLs it at a random point and checks every printed ack survived.
 *
 * Bodies vary in size and content (every 25th is above the inline limit, so the body-file path
 * is killed mid-write too). Stdout on a pipe is synchronous on Linux, so a printed line is in
 * the pipe before the next append starts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { INLINE_BODY_LIMIT, openSessionStore } from './session-store.ts';

const [file, existing] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: durability-child.ts DB-FILE [SESSION-ID]\n');
  process.exit(2);
}
const store = openSessionStore({ file });
const sessionId = existing ?? store.createSession({ vendor: 'Durability Test', role: 'pacs', addresses: { aeTitle: 'KILLME' } }).id;
if (!existing) process.stdout.write(`session ${sessionId}\n`);

/** A safety net if the parent dies without killing us; the test kills long before this. */
const MAX_APPENDS = 20_000;
const deadline = Date.now() + 60_000;
let appended = 0;

function bodySize(n: number): number {
  return n % 25 === 0 ? INLINE_BODY_LIMIT + 1 + (n % 7) * 1000 : 200 + ((n * 7919) % 20_000);
}

function appendSome(): void {
  // A few per turn of the event loop, so a closed stdout (EPIPE) is noticed.
  for (let i = 0; i < 5; i++) {
    const body = randomBytes(bodySize(++appended));
    const stored = store.appendMessage(sessionId, {
      time: new Date().toISOString(), actor: 'pacs', peer: 'KILLME@127.0.0.1:1', transaction: 'C-STORE', direction: 'request', format: 'dcm',
    }, body);
    process.stdout.write(`ack ${stored.seq} ${createHash('sha256').update(body).digest('hex')}\n`);
  }
  if (appended < MAX_APPENDS && Date.now() < deadline) setImmediate(appendSome);
  else store.close();
}

process.stdout.on('error', () => process.exit(1));
appendSome();
