import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeCtFiles } from '../../dimse/test-ct-files.ts';
import { testWorld } from '../../../fixtures/dicom/test-world.ts';
import { writeFixtures } from '../../../fixtures/write-fixtures.ts';
import { fileIndexFields } from './file-index-fields.ts';
import { indexFieldsFromPrefix } from './index-fields.ts';
import { HeaderReadError, readHeader } from './read-header.ts';
import { recordFromDataset } from './index-record.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-file-fields-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fileIndexFields', () => {
  it('gives the same index record as dcmjs for a small file and for one too large to read whole', async () => {
    await mkdir(join(dir, 'small'));
    await mkdir(join(dir, 'large'));
    const [small] = await writeCtFiles(join(dir, 'small'), 1, { size: 64, patientId: 'SMALL' });
    const [large] = await writeCtFiles(join(dir, 'large'), 1, { size: 512, patientId: 'LARGE' });
    expect((await stat(large!.path)).size).toBeGreaterThan(256 * 1024);
    for (const file of [small!, large!]) {
      const fast = await fileIndexFields(file.path);
      const slow = await readHeader(file.path);
      const stored = { path: file.path, transferSyntaxUid: slow.meta.TransferSyntaxUID, size: slow.size };
      expect(recordFromDataset(fast.ds, { ...stored, transferSyntaxUid: fast.transferSyntaxUid, size: fast.size })).toEqual(recordFromDataset(slow.ds, stored));
    }
  });

  it('takes the fast path for every fixture IOD and agrees with dcmjs on each', async () => {
    await writeFixtures(testWorld, join(dir, 'fixtures'), { matrix: 64 });
    const files = (await readdir(join(dir, 'fixtures'), { recursive: true, withFileTypes: true })).filter((e) => e.name.endsWith('.dcm'));
    expect(files.length).toBeGreaterThan(8);
    for (const entry of files) {
      const path = join(entry.parentPath, entry.name);
      const bytes = await readFile(path);
      expect(indexFieldsFromPrefix(bytes), `${path} should not need dcmjs`).toBeDefined();
      const fast = await fileIndexFields(path);
      const slow = await readHeader(path);
      const stored = { path, transferSyntaxUid: slow.meta.TransferSyntaxUID, size: slow.size };
      expect(recordFromDataset(fast.ds, stored)).toEqual(recordFromDataset(slow.ds, stored));
    }
  });

  it('reports an unreadable or non-DICOM file as a HeaderReadError', async () => {
    await expect(fileIndexFields(join(dir, 'missing.dcm'))).rejects.toBeInstanceOf(HeaderReadError);
    await writeFile(join(dir, 'text.dcm'), 'not dicom at all');
    await expect(fileIndexFields(join(dir, 'text.dcm'))).rejects.toBeInstanceOf(HeaderReadError);
  });
});
