import { copyFile, link, mkdir, open, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { EvidenceBody, EvidenceEntry, EvidenceMessage, EvidenceSink } from './evidence.ts';
import { fsyncPath } from '../fsync-path.ts';

export interface EvidenceRecorderOptions {
  /** Directory to write to; without it the recorder keeps bodies in memory. */
  readonly dir?: string;
  /** How long index.json may lag behind the acknowledged entries (ms). */
  readonly indexDelayMs?: number;
}

const SAFE = /[^A-Za-z0-9._-]+/g;

export function evidenceFileName(seq: number, message: Pick<EvidenceMessage, 'actor' | 'transaction' | 'direction' | 'format'>): string {
  const part = (s: string): string => s.replace(SAFE, '_').slice(0, 40) || 'x';
  return `${String(seq).padStart(6, '0')}-${part(message.actor)}-${part(message.transaction)}-${message.direction}.${message.format}`;
}

/**
 * Records evidence to a directory (one durable file per message plus index.json) or to memory.
 *
 * Durability order on disk: body written and fsynced → directory fsynced → entry added to
 * index.json (written to a temporary file, fsynced, renamed). So every entry the index lists has
 * its body on disk even after a power cut; a crash can at worst leave a body the index omits.
 */
export function createEvidenceRecorder(options: EvidenceRecorderOptions = {}): EvidenceSink {
  const dir = options.dir;
  const memory = new Map<number, Uint8Array | { file: string }>();
  const acknowledged: EvidenceEntry[] = [];
  const pending = new Set<Promise<unknown>>();
  const failures: string[] = [];
  let nextSeq = 1;
  let ready: Promise<void> | undefined;
  let indexTimer: NodeJS.Timeout | undefined;
  let indexWrite: Promise<void> = Promise.resolve();
  let indexDirty = false;

  function ensureDir(): Promise<void> {
    ready ??= dir ? mkdir(dir, { recursive: true }).then(() => undefined) : Promise.resolve();
    return ready;
  }

  async function persistBody(file: string, body: EvidenceBody): Promise<number> {
    if (!dir) throw new Error('persistBody needs an evidence directory');
    const target = join(dir, file);
    if (isFileBody(body)) {
      // A hard link is instant and keeps the received bytes even if the actor later replaces its copy.
      try {
        await link(body.file, target);
      } catch {
        await copyFile(body.file, target);
      }
      await fsyncPath(target);
      return (await stat(target)).size;
    }
    const bytes = toBytes(body);
    const handle = await open(target, 'w');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return bytes.byteLength;
  }

  function scheduleIndex(): void {
    if (!dir) return;
    indexDirty = true;
    if (indexTimer) return;
    indexTimer = setTimeout(() => {
      indexTimer = undefined;
      void writeIndex();
    }, options.indexDelayMs ?? 50);
  }

  function writeIndex(): Promise<void> {
    indexWrite = indexWrite.then(async () => {
      if (!dir || !indexDirty) return;
      indexDirty = false;
      const snapshot = [...acknowledged];
      await fsyncPath(dir);
      const tmp = join(dir, 'index.json.tmp');
      const handle = await open(tmp, 'w');
      try {
        await handle.writeFile(JSON.stringify({ messages: snapshot }, null, 2));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(tmp, join(dir, 'index.json'));
      await fsyncPath(dir);
    }).catch((err: unknown) => {
      failures.push(`index.json: ${(err as Error).message}`);
    });
    return indexWrite;
  }

  function insertSorted(entry: EvidenceEntry): void {
    let i = acknowledged.length;
    while (i > 0 && (acknowledged[i - 1] as EvidenceEntry).seq > entry.seq) i--;
    acknowledged.splice(i, 0, entry);
  }

  function record(message: EvidenceMessage): Promise<EvidenceEntry | undefined> {
    const seq = nextSeq++;
    const startedAt = message.startedAt ?? Date.now();
    const file = evidenceFileName(seq, message);
    const work = (async () => {
      await ensureDir();
      let bytes: number;
      if (dir) bytes = await persistBody(file, message.body);
      else {
        // In memory: the body converted once, and its size taken from that copy.
        const kept = bodyForMemory(message.body);
        memory.set(seq, kept);
        bytes = kept instanceof Uint8Array ? kept.byteLength : (await stat(kept.file)).size;
      }
      const entry: EvidenceEntry = {
        seq,
        time: new Date(startedAt).toISOString(),
        actor: message.actor,
        peer: message.peer,
        transaction: message.transaction,
        direction: message.direction,
        ...(message.status !== undefined ? { status: message.status } : {}),
        bytes,
        ...(message.durationMs !== undefined ? { durationMs: Math.round(message.durationMs * 1000) / 1000 } : {}),
        ...(message.association !== undefined ? { association: message.association } : {}),
        ...(message.world !== undefined ? { world: message.world } : {}),
        file,
      };
      insertSorted(entry);
      scheduleIndex();
      return entry;
    })().catch((err: unknown) => {
      failures.push(`${file}: ${(err as Error).message}`);
      return undefined;
    });
    pending.add(work);
    void work.finally(() => pending.delete(work));
    return work;
  }

  async function flush(): Promise<void> {
    while (pending.size > 0) await Promise.all([...pending]);
    if (indexTimer) {
      clearTimeout(indexTimer);
      indexTimer = undefined;
    }
    if (dir) {
      indexDirty = true;
      await ensureDir();
      await writeIndex();
    }
  }

  return {
    record,
    entries: () => acknowledged,
    failures: () => failures,
    async read(entry) {
      if (dir) return new Uint8Array(await readFile(join(dir, entry.file)));
      const body = memory.get(entry.seq);
      if (!body) throw new Error(`no evidence body for message ${entry.seq}`);
      return body instanceof Uint8Array ? body : new Uint8Array(await readFile(body.file));
    },
    flush,
    async close() {
      await flush();
      if (failures.length > 0) throw new Error(`evidence could not be written: ${failures.join('; ')}`);
    },
  };
}

function toBytes(body: EvidenceBody): Uint8Array {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return body;
  if ('json' in body) return Buffer.from(JSON.stringify(body.json, null, 2), 'utf8');
  throw new Error('file bodies are not converted to bytes');
}

function isFileBody(body: EvidenceBody): body is { readonly file: string } {
  return typeof body === 'object' && !(body instanceof Uint8Array) && 'file' in body;
}

function bodyForMemory(body: EvidenceBody): Uint8Array | { file: string } {
  return isFileBody(body) ? { file: body.file } : toBytes(body);
}

