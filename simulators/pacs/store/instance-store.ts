/**
 * On-disk instance store with a two-phase write for incoming C-STOREs.
 *
 *   <dataDir>/incoming/<random>.part            being received (meta header + dataset bytes)
 *   <dataDir>/instances/<h(study)>/<h(series)>/<h(sop)>.dcm   committed and indexed
 *
 * Directory and file names are truncated SHA-256 hashes of the UIDs: UIDs are up to 64
 * characters each, and three of them exceed Windows' 260-character path limit.
 *
 * `receive()` (or the older, stream-based `begin()`) writes the File Meta Information at once,
 * so the DIMSE layer streams the received dataset bytes (no Part 10 header on the wire) straight
 * after it. `commit()` parses the header (from the bytes `receive()` kept in memory, else read
 * back from the file), and renames + indexes in one SQLite transaction (a failed rename rolls the
 * index back). `discard()` deletes the temp file; leftovers of a crash are removed when the store
 * opens.
 *
 * Durability: a file only reaches instances/ by a rename after all its bytes were written, so a
 * killed process (SIGKILL, crash) never leaves a partial instance: the page cache outlives the
 * process, and that needs no fsync ('process', the default). 'power-loss' also fsyncs the file
 * before the rename and the directory after it, so a committed instance survives an OS crash.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, readdirSync, renameSync, rmSync, type WriteStream } from 'node:fs';
import type { DatasetSink } from '../../dimse/index.ts';
import { createIncomingFile, type IncomingFile } from './incoming-file.ts';
import { mkdir, open, rm, unlink } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { once } from 'node:events';
import { encodeFileMetaHeader, type FileMeta } from './meta-header.ts';
import type { PacsIndex } from './pacs-index.ts';
import { headerFromPrefix, readHeader, type Part10Header } from './read-header.ts';
import { firstText } from './dicom-values.ts';
import { recordFromDataset, type IndexRecord } from './index-record.ts';

export interface IncomingInstance {
  /** Temp file under `<dataDir>/incoming/`; already holds the meta header. */
  readonly path: string;
  /** Append the received dataset bytes here (respect `write()`'s backpressure). */
  readonly stream: WriteStream;
  readonly meta: FileMeta;
}

/** A received instance from `receive()`: hand `sink` to the DIMSE layer as `StoreAcceptance.sink`. */
export interface ReceivingInstance {
  /** Temp file under `<dataDir>/incoming/`; already holds the meta header. */
  readonly path: string;
  /** Light DIMSE sink: synchronous writes; `destroy()` (association ended mid-transfer) deletes the temp file. */
  readonly sink: DatasetSink;
  readonly meta: FileMeta;
}

export type Durability = 'process' | 'power-loss';

export interface InstanceStoreOptions {
  readonly dataDir: string;
  readonly index: PacsIndex;
  /** 'process' (default): no fsync, safe against a killed process. 'power-loss': fsync file and directory per commit. */
  readonly durability?: Durability;
}

export interface MetaMismatch {
  readonly field: 'SOPInstanceUID' | 'SOPClassUID';
  readonly meta: string;
  readonly dataset: string | undefined;
}

export interface CommitResult {
  readonly path: string;
  readonly record: IndexRecord;
  readonly replaced: boolean;
  /** Command-level UIDs that disagree with the dataset's own: evidence for the actor to record. */
  readonly mismatches: readonly MetaMismatch[];
}

export interface InstanceStore {
  readonly dataDir: string;
  readonly durability: Durability;
  /** Stream-based receive (a `WriteStream` per instance); `receive()` is lighter. */
  begin(meta: FileMeta): Promise<IncomingInstance>;
  /** Creates the temp file with the meta header, synchronously; throws if it cannot. */
  receive(meta: FileMeta): ReceivingInstance;
  /**
   * Ends the data set if not ended yet, then indexes and moves it into place. Throws
   * `HeaderReadError` / `IndexRecordError` if the bytes are not an indexable dataset; the temp file
   * is then removed.
   */
  commit(incoming: IncomingInstance | ReceivingInstance): Promise<CommitResult>;
  discard(incoming: IncomingInstance | ReceivingInstance): Promise<void>;
  /** Where a committed instance of these UIDs lives. */
  pathFor(studyUid: string, seriesUid: string, sopUid: string): string;
}

const hash = (uid: string, length: number): string => createHash('sha256').update(uid).digest('hex').slice(0, length);

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const isStream = (incoming: IncomingInstance | ReceivingInstance): incoming is IncomingInstance => 'stream' in incoming;

export function createInstanceStore(options: InstanceStoreOptions): InstanceStore {
  const { dataDir, index } = options;
  const durability = options.durability ?? 'process';
  const incomingDir = join(dataDir, 'incoming');
  const instancesDir = join(dataDir, 'instances');
  mkdirSync(instancesDir, { recursive: true });
  // Anything still in incoming/ was cut off by a crash: it was never indexed, so it goes.
  rmSync(incomingDir, { recursive: true, force: true });
  mkdirSync(incomingDir, { recursive: true });
  // Series directories known to exist: one mkdir per series, not per instance.
  const madeDirs = new Set<string>();
  const files = new WeakMap<ReceivingInstance, IncomingFile>();

  const pathFor = (studyUid: string, seriesUid: string, sopUid: string): string =>
    join(instancesDir, hash(studyUid, 16), hash(seriesUid, 16), `${hash(sopUid, 32)}.dcm`);
  const owns = (path: string): boolean => !relative(instancesDir, path).startsWith('..') && relative(instancesDir, path).split(sep).length === 3;

  async function closeStream(stream: WriteStream): Promise<void> {
    if (stream.closed) return;
    if (!stream.writableEnded) stream.end();
    await once(stream, 'close');
  }

  async function discard(incoming: IncomingInstance | ReceivingInstance): Promise<void> {
    if (isStream(incoming)) {
      if (!incoming.stream.destroyed) incoming.stream.destroy();
      if (!incoming.stream.closed) await once(incoming.stream, 'close').catch(() => undefined);
    } else {
      files.get(incoming)?.destroy(new Error('discarded'));
    }
    await rm(incoming.path, { force: true });
  }

  /** Ends the data set and returns its parsed header. */
  async function finishReceiving(incoming: IncomingInstance | ReceivingInstance): Promise<Part10Header> {
    if (isStream(incoming)) {
      await closeStream(incoming.stream);
      if (durability === 'power-loss') await fsyncPath(incoming.path);
      return readHeader(incoming.path);
    }
    const file = files.get(incoming);
    if (!file || file.destroyed) throw new Error(`${incoming.path}: not receiving (discarded, or not from this store)`);
    file.end();
    if (durability === 'power-loss') await fsyncPath(incoming.path);
    const prefix = file.prefix();
    const header = prefix && headerFromPrefix(incoming.path, prefix.bytes, file.size, prefix.complete);
    return header ?? readHeader(incoming.path);
  }

  async function ensureDir(dir: string): Promise<void> {
    if (madeDirs.has(dir)) return;
    await mkdir(dir, { recursive: true });
    madeDirs.add(dir);
  }

  return {
    dataDir,
    durability,
    pathFor,
    discard,

    async begin(meta) {
      const header = encodeFileMetaHeader(meta);
      const path = join(incomingDir, `${randomUUID()}.part`);
      const stream = createWriteStream(path, { flags: 'wx' });
      stream.write(header);
      return { path, stream, meta };
    },

    receive(meta) {
      const path = join(incomingDir, `${randomUUID()}.part`);
      const file = createIncomingFile(path, encodeFileMetaHeader(meta));
      const incoming: ReceivingInstance = { path, sink: file, meta };
      files.set(incoming, file);
      return incoming;
    },

    async commit(incoming) {
      try {
        const header = await finishReceiving(incoming);
        const ds = header.ds;
        const target = pathFor(String(firstText(ds.StudyInstanceUID) ?? ''), String(firstText(ds.SeriesInstanceUID) ?? ''), String(firstText(ds.SOPInstanceUID) ?? ''));
        const record = recordFromDataset(ds, { path: target, transferSyntaxUid: header.meta.TransferSyntaxUID, size: header.size });
        await ensureDir(dirname(target));
        let result;
        try {
          result = index.transaction(() => {
            const upsert = index.insert(ds, record.file);
            renameSync(incoming.path, target); // inside the transaction: a failed rename rolls back the index
            return upsert;
          });
        } catch (err) {
          madeDirs.delete(dirname(target)); // perhaps removed under us: make it again next time
          throw err;
        }
        if (durability === 'power-loss') await fsyncPath(dirname(target)); // make the rename itself durable
        const previous = result.previousFile?.path;
        if (previous !== undefined && previous !== target && owns(previous)) await unlink(previous).catch(() => undefined);
        const mismatches: MetaMismatch[] = [];
        const check = (field: MetaMismatch['field'], metaValue: string, key: string): void => {
          const dataset = firstText(ds[key]);
          if (dataset !== metaValue) mismatches.push({ field, meta: metaValue, dataset });
        };
        check('SOPInstanceUID', incoming.meta.mediaStorageSOPInstanceUID, 'SOPInstanceUID');
        check('SOPClassUID', incoming.meta.mediaStorageSOPClassUID, 'SOPClassUID');
        return { path: target, record, replaced: result.replaced, mismatches };
      } catch (err) {
        await discard(incoming);
        throw err;
      }
    },
  };
}

/** Lists files left in `<dataDir>/incoming/` (test and diagnostics helper). */
export function incomingFiles(dataDir: string): string[] {
  return readdirSync(join(dataDir, 'incoming'));
}
