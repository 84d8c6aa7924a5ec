/**
 * Acceptance: the manifest of every study in the fixtures test world (one per image modality)
 * and of a multi-series MR study of the ms-follow-up patient passes dciodvfy with zero errors,
 * both as a plain KOS and against its IHE XDS-I manifest profile. Warnings are allowed only
 * when listed (and explained) in docs/imaging-source.md.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testWorld } from '../../fixtures/dicom/test-world.ts';
import { runTool } from '../../peers/run-tool.ts';
import { buildKosManifest } from './kos-manifest.ts';
import { manifestInput, msFollowUpStudy, testWorldStudies } from './test-inputs.ts';

/** Each explained in docs/imaging-source.md, "dciodvfy status". */
const KNOWN_WARNINGS = [
  /^Warning - Attribute is not present in standard DICOM IOD - \(0x0008,0x1190\) UR Retrieve URL\s*$/,
  /^Warning - Dicom dataset contains attributes not present in standard DICOM IOD - this is a Standard Extended SOP Class$/,
];

const ms = msFollowUpStudy();
const cases = [
  ...testWorldStudies.map((ws) => ({ name: `${ws.study.accessionNumber} (${ws.study.series.map((s) => s.modality).join('+')})`, input: manifestInput(ws, testWorld.uidRoot, { description: 'Manifest for cross-border sharing' }) })),
  { name: `ms-follow-up ${ms.ws.study.accessionNumber} (${ms.ws.study.series.length} MR series)`, input: manifestInput(ms.ws, ms.uidRoot) },
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-kos-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('covers every image modality of the test world', () => {
  const modalities = new Set(testWorldStudies.flatMap((w) => w.study.series.map((s) => s.modality)));
  expect([...modalities].sort()).toEqual(['CR', 'CT', 'DX', 'MG', 'MR', 'NM', 'PT', 'SR', 'US', 'XA']);
  expect(ms.ws.study.series.every((s) => s.modality === 'MR')).toBe(true);
});

describe.each(cases)('$name', ({ name, input }) => {
  let file: string;
  beforeAll(async () => {
    file = join(dir, `${name.replace(/[^A-Za-z0-9]+/g, '_')}.dcm`);
    await writeFile(file, buildKosManifest(input).part10);
  });

  it.each([
    ['standard IOD', [], 'KeyObjectSelectionDocument'],
    ['IHE XDS-I manifest profile', ['-profile', 'IHEXDSIManifest'], 'KeyObjectSelectionDocumentIHEXDSIManifest'],
  ])('has no dciodvfy errors and no unexplained warnings (%s)', async (_label, args, iod) => {
    const result = await runTool('/usr/bin/dciodvfy', [...args, file], { timeoutMs: 30_000 });
    const lines = `${result.stdout}\n${result.stderr}`.split('\n').map((l) => l.trim()).filter((l) => l !== '');
    expect(lines.filter((l) => l.startsWith('Error')), 'dciodvfy errors').toEqual([]);
    const unexplained = lines.filter((l) => l.startsWith('Warning') && !KNOWN_WARNINGS.some((w) => w.test(l)));
    expect(unexplained, 'dciodvfy warnings not documented in docs/imaging-source.md').toEqual([]);
    expect(lines).toContain(iod);
  });

  it('is readable by dcmdump', async () => {
    const result = await runTool('dcmdump', ['+E', file], { timeoutMs: 30_000 });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('(0040,a043) SQ');
  });
});
