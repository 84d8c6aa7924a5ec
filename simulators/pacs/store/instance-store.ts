/**
 * On-disk instance store with a two-phase write for incoming C-STOREs.
 *
 *   <dataDir>/incoming/<random>.part            being received (meta header + dataset bytes)
 *   <dataDir>/spare/<k>/<random>.part           the same, created ahead of need (see below)
 *   <dataDir>/instances/<h(study)>/<h(series)>/<h(sop)>.dcm   committed and indexed
 *
 * Directory and file names are truncated SHA-256 hashes of the UIDs: UIDs are up to 64
 * characters each, and three of them exceed Windows' 260-character path limit.
 *
 * `receive()` writes the File Meta Information at once, so the DIMSE layer streams the received
 * dataset bytes (no Part 10 header on the wire) straight after it. `commit()` reads the indexed
 * attributes from the header bytes `receive()` kept in memory (`index-fields.ts`; dcmjs when that
 * declines, and the file is read back only when the bytes were not kept), builds the index record
 * once, and renames + indexes in one SQLite transaction (a failed rename rolls the index back).
 * `discard()` deletes the temp file; leftovers of a crash are removed when the store opens.
 *
 * Creating a file costs an inode allocation, which ext4 makes slow (~0.5 ms) when many files were
 * deleted nearby in the last half minute; that would stall the association's event loop once per
 * C-STORE. So the store keeps two empty temp files made ahead on the thread pool (`spare/`), and
 * `receive()` takes one (and starts the next) or, when none is ready, creates one synchronously in
 * `incoming/`. `close()` removes unused spares.
 *
 * Durability: a file only reaches instances/ by a rename after all its bytes were written, so a
 * killed process (SIGKILL, crash) never leaves a partial instance: the page cache outlives the
 * process, and that needs no fsync ('process', the default). 'power-loss' also fsyncs the file
 * before the rename and the directory after it, so a committed instance survives an OS crash.
 */
import { createHash, randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, open as openCallback, readdirSync, renameSync, rmSync, statSync, unlinkSync } from 'node:fs';
import type { DatasetSink } from '../../dimse/index.ts';
import { createIncomingFile, type IncomingFile } from './incoming-file.ts';
import { mkdir, open, rm, unlink } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { encodeFileMetaHeader, type FileMeta } from '../../dimse/meta-header.ts';
import type { PacsIndex } from './pacs-index.ts';
import { headerFromPrefix, readHeader } from './read-header.ts';
import { firstText } from './dicom-values.ts';
import { indexFieldsFromPrefix } from './index-fields.ts';
import { recordFromDataset, type IndexRecord } from './index-record.ts';
import { fsyncPath } from '../../fsync-path.ts';

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
  /** Creates the temp file with the meta header, synchronously; throws if it cannot. */
  receive(meta: FileMeta): ReceivingInstance;
  /**
   * Ends the data set if not ended yet, then indexes and moves it into place. Throws
   * `HeaderReadError` / `IndexRecordError` if the bytes are not an indexable dataset; the temp file
   * is then removed.
   */
  commit(incoming: ReceivingInstance): Promise<CommitResult>;
  discard(incoming: ReceivingInstance): Promise<void>;
  /** Where a committed instance of these UIDs lives. */
  pathFor(studyUid: string, seriesUid: string, sopUid: string): string;
  /** Removes the spare temp files; `receive()` then creates files on demand only. */
  close(): void;
}

/** Empty temp files kept ready: one can take longer to create than an instance takes to arrive. */
const SPARES = 2;
/** More directories than spares: the one being filled is never the one the oldest spare leaves. */
const SPARE_DIRS = SPARES + 1;

const hash = (uid: string, length: number): string => createHash('sha256').update(uid).digest('hex').slice(0, length);


/** What commit needs of a received header: the indexed attributes (at least), its syntax and size. */
interface ReceivedHeader {
  readonly transferSyntaxUid: string;
  readonly ds: Record<string, unknown>;
  readonly size: number;
}

export function createInstanceStore(options: InstanceStoreOptions): InstanceStore {
  const { dataDir, index } = options;
  const durability = options.durability ?? 'process';
  const incomingDir = join(dataDir, 'incoming');
  const spareDir = join(dataDir, 'spare');
  const instancesDir = join(dataDir, 'instances');
  mkdirSync(instancesDir, { recursive: true });
  // Anything still in incoming/ or spare/ was cut off by a crash: it was never indexed, so it goes.
  for (const d of [incomingDir, spareDir]) {
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d, { recursive: true });
  }
  // Spares rotate over SPARE_DIRS subdirectories, so the spare being created (which holds its
  // directory's lock for the whole inode allocation) never shares a directory with the spare
  // being renamed into instances/ at the same moment: the rename would spin on that lock.
  for (let k = 0; k < SPARE_DIRS; k++) mkdirSync(join(spareDir, String(k)));
  let spareSeq = 0;
  const spares: { readonly path: string; readonly fd: number }[] = [];
  let makingSpares = 0;
  let closed = false;

  /**
   * Starts creating spares on the thread pool, up to `SPARES`. A failure only means no spare:
   * `receive()` then creates its file itself, and reports the error.
   */
  function makeSpares(): void {
    while (!closed && spares.length + makingSpares < SPARES) {
      makingSpares++;
      const path = join(spareDir, String(spareSeq++ % SPARE_DIRS), `${randomUUID()}.part`);
      openCallback(path, 'wx', (err, fd) => {
        makingSpares--;
        if (err) return;
        if (closed) removeSpare({ path, fd });
        else spares.push({ path, fd });
      });
    }
  }

  function removeSpare(s: { readonly path: string; readonly fd: number }): void {
    try {
      closeSync(s.fd);
      unlinkSync(s.path);
    } catch {
      // already gone: nothing to remove
    }
  }
  // Series directories known to exist: one mkdir per series, not per instance.
  const madeDirs = new Set<string>();
  const files = new WeakMap<ReceivingInstance, IncomingFile>();

  const pathFor = (studyUid: string, seriesUid: string, sopUid: string): string =>
    join(instancesDir, hash(studyUid, 16), hash(seriesUid, 16), `${hash(sopUid, 32)}.dcm`);
  const owns = (path: string): boolean => !relative(instancesDir, path).startsWith('..') && relative(instancesDir, path).split(sep).length === 3;

  async function discard(incoming: ReceivingInstance): Promise<void> {
    files.get(incoming)?.destroy(new Error('discarded'));
    await rm(incoming.path, { force: true });
  }

  /** Ends the data set and returns its header: from the kept bytes (directly, else dcmjs), else from the file. */
  async function finishReceiving(incoming: ReceivingInstance): Promise<ReceivedHeader> {
    const file = files.get(incoming);
    if (!file || file.destroyed) throw new Error(`${incoming.path}: not receiving (discarded, or not from this store)`);
    file.end();
    if (durability === 'power-loss') await fsyncPath(incoming.path);
    const prefix = file.prefix();
    if (prefix) {
      const fields = indexFieldsFromPrefix(prefix.bytes);
      if (fields) return { ...fields, size: file.size };
      const header = headerFromPrefix(incoming.path, prefix.bytes, file.size, prefix.complete);
      if (header) return { transferSyntaxUid: header.meta.TransferSyntaxUID, ds: header.ds, size: header.size };
    }
    const header = await readHeader(incoming.path);
    return { transferSyntaxUid: header.meta.TransferSyntaxUID, ds: header.ds, size: header.size };
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
    close() {
      closed = true;
      for (const s of spares.splice(0)) removeSpare(s);
    },

    receive(meta) {
      const header = encodeFileMetaHeader(meta);
      const taken = spares.shift();
      const path = taken?.path ?? join(incomingDir, `${randomUUID()}.part`);
      const file = createIncomingFile(path, header, taken?.fd);
      makeSpares();
      const incoming: ReceivingInstance = { path, sink: file, meta };
      files.set(incoming, file);
      return incoming;
    },

    async commit(incoming) {
      try {
        const header = await finishReceiving(incoming);
        const ds = header.ds;
        const target = pathFor(String(firstText(ds.StudyInstanceUID) ?? ''), String(firstText(ds.SeriesInstanceUID) ?? ''), String(firstText(ds.SOPInstanceUID) ?? ''));
        const record = recordFromDataset(ds, { path: target, transferSyntaxUid: header.transferSyntaxUid, size: header.size });
        await ensureDir(dirname(target));
        let result;
        try {
          // Inside the index transaction: a failed rename rolls the index back.
          result = index.insertRecord(record, () => renameSync(incoming.path, target));
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

/** Lists the spare temp files (`spare/<k>/<random>.part`) as paths (test and diagnostics helper). */
export function spareFiles(dataDir: string): string[] {
  const root = join(dataDir, 'spare');
  return readdirSync(root).flatMap((d) => readdirSync(join(root, d)).map((name) => join(root, d, name)));
}

/** Lists temp files holding received bytes: all of `incoming/`, and the non-empty spares (test and diagnostics helper). */
export function incomingFiles(dataDir: string): string[] {
  const spares = spareFiles(dataDir).filter((path) => statSync(path).size > 0);
  return [...readdirSync(join(dataDir, 'incoming')), ...spares];
}
