import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMetadataStore } from './metadata-store.ts';
import type { RimObject } from './ebrim-model.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-registry-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const pkg = (id: string): RimObject => ({ type: 'RegistryPackage', id, slots: [], classifications: [], externalIdentifiers: [] });

describe('metadata store', () => {
  it('persists in a SQLite file across reopen and deprecates in the same transaction', () => {
    const path = join(dir, 'registry.sqlite');
    const a = openMetadataStore(path);
    a.insert([{ object: pkg('urn:uuid:1'), kind: 'SubmissionSet', uniqueId: '2.25.1', patientId: 'p' }]);
    a.insert([{ object: pkg('urn:uuid:2'), kind: 'SubmissionSet', uniqueId: '2.25.2' }], ['urn:uuid:1']);
    a.close();
    const b = openMetadataStore(path);
    expect(b.byUniqueId('2.25.1')[0]).toMatchObject({ kind: 'SubmissionSet', patientId: 'p', object: { status: 'urn:oasis:names:tc:ebxml-regrep:StatusType:Deprecated' } });
    expect(b.byId('urn:uuid:2')?.uniqueId).toBe('2.25.2');
    b.close();
  });

  it('rolls back a whole submission when one object cannot be inserted', () => {
    const s = openMetadataStore();
    s.insert([{ object: pkg('urn:uuid:1'), kind: 'SubmissionSet' }]);
    expect(() => s.insert([{ object: pkg('urn:uuid:9'), kind: 'SubmissionSet' }, { object: pkg('urn:uuid:1'), kind: 'SubmissionSet' }])).toThrow();
    expect(s.byId('urn:uuid:9')).toBeUndefined();
    s.close();
  });
});
