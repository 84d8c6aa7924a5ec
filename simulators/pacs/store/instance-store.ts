/**
 * On-disk instance store with a two-phase write for incoming C-STOREs.
 *
 *   <dataDir>/incoming/<random>.part            being received (meta header + dataset bytes)
 *   <dataDir>/instances/<h(study)>/<h(series)>/<h(sop)>.dcm   committed and indexed
 *
 * Directory and file names are truncated SHA-256 hashes of the UIDs: UIDs are up to 64
 * characters each, and three of them exceed Windows' 260-character path limit.
 *
 * `begin()` writes the File Meta Information at once, so the DIMSE layer streams the received
 * dataset bytes (no Part 10 header on the wire) straight after it. `commit()` fsyncs, reads the
 * header back, and renames + indexes in one SQLite transaction (a failed rename rolls the index
 * back). `discard()` deletes the temp file; leftovers of a crash are removed when the store opens.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, readdirSync, renameSync, rmSync, type WriteStream } from 'node:fs';
import { mkdir, open, rm, unlink } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { once } from 'node:events';
import { encodeFileMetaHeader, type FileMeta } from './meta-header.ts';
import type { PacsIndex } from './pacs-index.ts';
import { readHeader } from './read-header.ts';
import { firstText } from './dicom-values.ts';
import { recordFromDataset, type IndexRecord } from './index-record.ts';

export interface IncomingInstance {
  /** Temp file under `<dataDir>/incoming/`; already holds the meta header. */
  readonly path: string;
  /** Append the received dataset bytes here (respect `write()`'s backpressure). */
  readonly stream: WriteStream;
  readonly meta: FileMeta;
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
  begin(meta: FileMeta): Promise<IncomingInstance>;
  /** Throws `HeaderReadError` / `IndexRecordError` if the bytes are not an indexable dataset; the temp file is then removed. */
  commit(incoming: IncomingInstance): Promise<CommitResult>;
  discard(incoming: IncomingInstance): Promise<void>;
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

export function createInstanceStore(options: { dataDir: string; index: PacsIndex }): InstanceStore {
  const { dataDir, index } = options;
  const incomingDir = join(dataDir, 'incoming');
  const instancesDir = join(dataDir, 'instances');
  mkdirSync(instancesDir, { recursive: true });
  // Anything still in incoming/ was cut off by a crash: it was never indexed, so it goes.
  rmSync(incomingDir, { recursive: true, force: true });
  mkdirSync(incomingDir, { recursive: true });

  const pathFor = (studyUid: string, seriesUid: string, sopUid: string): string =>
    join(instancesDir, hash(studyUid, 16), hash(seriesUid, 16), `${hash(sopUid, 32)}.dcm`);
  const owns = (path: string): boolean => !relative(instancesDir, path).startsWith('..') && relative(instancesDir, path).split(sep).length === 3;

  async function closeStream(stream: WriteStream): Promise<void> {
    if (stream.closed) return;
    if (!stream.writableEnded) stream.end();
    await once(stream, 'close');
  }

  async function discard(incoming: IncomingInstance): Promise<void> {
    if (!incoming.stream.destroyed) incoming.stream.destroy();
    if (!incoming.stream.closed) await once(incoming.stream, 'close').catch(() => undefined);
    await rm(incoming.path, { force: true });
  }

  return {
    dataDir,
    pathFor,
    discard,

    async begin(meta) {
      const header = encodeFileMetaHeader(meta);
      const path = join(incomingDir, `${randomUUID()}.part`);
      const stream = createWriteStream(path, { flags: 'wx' });
      stream.write(header);
      return { path, stream, meta };
    },

    async commit(incoming) {
      try {
        await closeStream(incoming.stream);
        await fsyncPath(incoming.path);
        const header = await readHeader(incoming.path);
        const ds = header.ds;
        const target = pathFor(String(firstText(ds.StudyInstanceUID) ?? ''), String(firstText(ds.SeriesInstanceUID) ?? ''), String(firstText(ds.SOPInstanceUID) ?? ''));
        const record = recordFromDataset(ds, { path: target, transferSyntaxUid: header.meta.TransferSyntaxUID, size: header.size });
        await mkdir(dirname(target), { recursive: true });
        const result = index.transaction(() => {
          const upsert = index.insert(ds, record.file);
          renameSync(incoming.path, target); // inside the transaction: a failed rename rolls back the index
          return upsert;
        });
        await fsyncPath(dirname(target)); // make the rename itself durable
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
