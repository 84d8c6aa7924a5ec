import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { schemasAvailable, SHARED_SCHEMAS, xmllint } from '../../test/schema-check.ts';
import { peerDescribe } from '../../test/interop/require-peer.ts';
import { serializeXml } from '../soap/xml-write.ts';
import { AUDITS } from './test-audits.ts';

const SCHEMA = join(SHARED_SCHEMAS, 'atna', 'dicom2017c.xsd');

const describeWithXmllint = await peerDescribe('xmllint + ../shared/schemas', schemasAvailable);

describeWithXmllint('audit messages validate against the DICOM 2017c schema', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ixh-audit-xsd-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('every builder output validates', async () => {
    const files = await Promise.all(Object.entries(AUDITS).map(async ([name, msg], i) => {
      const file = join(dir, `audit-${i}.xml`);
      await writeFile(file, serializeXml(msg, { declaration: true }));
      return file;
    }));
    const result = await xmllint(SCHEMA, files);
    expect(result.problems, Object.keys(AUDITS).join(', ')).toEqual([]);
    expect(result.exitCode).toBe(0);
  });

  it('the oracle can fail: an AuditMessage without AuditSourceIdentification is refused', async () => {
    const file = join(dir, 'broken.xml');
    await writeFile(file, serializeXml(AUDITS['ITI-38 query']!).replace(/<AuditSourceIdentification[^>]*>.*?<\/AuditSourceIdentification>/, ''));
    const result = await xmllint(SCHEMA, [file]);
    expect(result.exitCode).not.toBe(0);
  });
});
