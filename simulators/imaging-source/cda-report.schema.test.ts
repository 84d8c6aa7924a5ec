/**
 * Schema proof: the CDA imaging report of every reported study of a small world (six countries,
 * non-ASCII names, CT studies with dose records) validates against CDA R2 with the X-eHealth and
 * DICOM PS3.20 extensions (../shared/schemas/cda/CDA_XeH.xsd), read in place with xmllint.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hasBinary, peerDescribe } from '../../test/interop/require-peer.ts';
import { SHARED_SCHEMAS, xmllint } from '../../test/schema-check.ts';
import { renderCdaImagingReport } from './cda-report.ts';
import { reportWorld } from './cda-test-inputs.ts';

const CDA_SCHEMA = join(SHARED_SCHEMAS, 'cda', 'CDA_XeH.xsd');
const describeWithXmllint = await peerDescribe('xmllint + ../shared/schemas/cda', async () => existsSync(CDA_SCHEMA) && (await hasBinary('xmllint')));

describeWithXmllint('CDA imaging reports validate against CDA_XeH.xsd', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ixh-cda-schema-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('every reported study of buildWorld({ seed: 7, patients: 1 }), with dose sections', async () => {
    const { world, reported } = reportWorld();
    const files: string[] = [];
    for (const [i, r] of reported.entries()) {
      const file = join(dir, `report-${i}.xml`);
      await writeFile(file, renderCdaImagingReport(r.ws, { uidRoot: world.uidRoot, ...(r.exposure ? { exposure: r.exposure } : {}), ...(r.comparison ? { comparison: r.comparison } : {}) }).bytes);
      files.push(file);
    }
    expect(reported.length).toBeGreaterThan(20);
    expect(reported.filter((r) => r.exposure).length).toBeGreaterThan(0);
    expect(reported.filter((r) => r.comparison).length).toBeGreaterThan(0);
    expect(reported.filter((r) => r.ws.report?.birads).length).toBeGreaterThan(0);
    expect(new Set(reported.map((r) => r.ws.country.code)).size).toBe(6);
    const result = await xmllint(CDA_SCHEMA, files);
    expect(result.problems).toEqual([]);
    expect(result.exitCode).toBe(0);
  });

  it('the schema really checks: a report with header elements out of order is refused', async () => {
    const { world, reported } = reportWorld();
    const xml = renderCdaImagingReport(reported[0]!.ws, { uidRoot: world.uidRoot }).xml;
    const broken = xml.replace(/(<title>[^<]*<\/title>)(<effectiveTime [^>]*\/>)/, '$2$1'); // title must precede effectiveTime
    expect(broken).not.toBe(xml);
    const file = join(dir, 'broken.xml');
    await writeFile(file, broken);
    const result = await xmllint(CDA_SCHEMA, [file]);
    expect(result.exitCode).not.toBe(0);
    expect(result.problems.join('\n')).toMatch(/effectiveTime|title/);
  });
});
