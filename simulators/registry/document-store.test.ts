import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDocumentStore, sha1Hex } from './document-store.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-docs-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('document store', () => {
  it('keeps committed documents on disk under their SHA-1, with no temporary file left', async () => {
    const store = openDocumentStore(dir);
    const bytes = Buffer.from([1, 2, 3, 0, 255]);
    const sha1 = sha1Hex(bytes);
    expect(store.get('2.25.1')).toBeUndefined();
    store.commit([{ uniqueId: '2.25.1', mimeType: 'application/dicom', sha1, size: bytes.byteLength, bytes }]);
    const doc = store.get('2.25.1')!;
    expect(doc).toMatchObject({ mimeType: 'application/dicom', sha1, size: 5 });
    expect(Buffer.from(doc.read()).equals(bytes)).toBe(true);
    expect(await readdir(dir)).toEqual([sha1]);
  });

  it('keeps documents in memory without a directory', () => {
    const store = openDocumentStore();
    const bytes = Buffer.from('report');
    store.commit([{ uniqueId: 'u', mimeType: 'text/xml', sha1: sha1Hex(bytes), size: 6, bytes }]);
    expect(Buffer.from(store.get('u')!.read()).toString()).toBe('report');
  });
});
