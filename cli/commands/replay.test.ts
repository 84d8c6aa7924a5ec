import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dcmjs from 'dcmjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runScenario } from '../../scenarios/engine/run-scenario.ts';
import { msAttack } from '../../scenarios/ms-attack.scenario.ts';
import { createEvidenceRecorder } from '../../simulators/evidence/recorder.ts';
import { CliError } from '../command.ts';
import { diffFindings, replayCommand, type FindingsRecord, type RunRecord } from './replay.ts';
import { runCommand } from './run.ts';

let dir: string;
const output: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-replay-'));
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    output.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe('ixh replay', () => {
  it('replays a recorded run to the same findings, and a tampered DICOM body to a diff (exit 1)', async () => {
    const evidence = join(dir, 'run');
    expect(await runCommand(['ms-attack', '--evidence', evidence, '--seed', '7'])).toBe(0);
    const record = JSON.parse(await readFile(join(evidence, 'runs.json'), 'utf8')) as RunRecord;
    expect(record.profile).toBe('xca-i');
    expect(record.runs.map((r) => [r.variant, r.outcome])).toContainEqual(['main', 'pass']);
    expect(record.runs.every((r) => r.outcome === 'pass')).toBe(true);
    expect(record.runs.find((r) => r.variant === 'unknown-patient')!.steps[0]!.findings[0]!.ruleId).toBe('ms-attack.identify.patient-found');
    const findings = JSON.parse(await readFile(join(evidence, 'findings.json'), 'utf8')) as FindingsRecord;
    expect(findings.messages.some((m) => m.kind === 'dicom')).toBe(true);
    expect(findings.messages.some((m) => m.kind === 'soap')).toBe(true);

    output.length = 0;
    expect(await replayCommand([evidence])).toBe(0);
    expect(output.join('')).toMatch(/same as recorded/);

    // Tamper: one stored image loses its SOP Instance UID (a new file, so hard-linked copies stay intact).
    const image = findings.messages.find((m) => m.kind === 'dicom' && /pacs-C-STORE-request\.dcm$/.test(m.file))!;
    const bytes = await readFile(join(evidence, image.file));
    const dicom = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    delete dicom.dict['00080018'];
    await unlink(join(evidence, image.file));
    await writeFile(join(evidence, image.file), Buffer.from(dicom.write()));
    output.length = 0;
    expect(await replayCommand([evidence])).toBe(1);
    expect(output.join('')).toMatch(new RegExp(`^\\+ ${image.file} error dicom\\.`, 'm'));
  }, 90_000);

  it('refuses a directory that is not a recorded run with a clean usage error', async () => {
    await expect(replayCommand([join(dir, 'nothing-here')])).rejects.toThrow(CliError);
    await writeFile(join(dir, 'runs.json'), 'null');
    await expect(replayCommand([dir])).rejects.toThrow(/not a JSON object/);
    await expect(replayCommand([])).rejects.toThrow(/usage: ixh replay/);
  });

  it('diffs findings per message file', () => {
    const a: FindingsRecord = { profile: 'xca-i', messages: [{ file: 'm.dcm', kind: 'dicom', findings: ['error r1 p: x'] }] };
    const b: FindingsRecord = { profile: 'xca-i', messages: [{ file: 'm.dcm', kind: 'dicom', findings: ['error r2 p: y'] }] };
    expect(diffFindings(a, a)).toEqual([]);
    expect(diffFindings(a, b)).toEqual(['- m.dcm error r1 p: x', '+ m.dcm error r2 p: y']);
  });
});

describe('determinism', () => {
  /** The UIDs of every recorded DICOM body (SOP, Study, Series) and every XDS uniqueId in recorded XML. */
  async function recordedUids(seed: number, name: string): Promise<string[]> {
    // On disk: the PACS's own files (recorded by reference) are gone once the world stops.
    const evidence = createEvidenceRecorder({ dir: join(dir, name) });
    const run = await runScenario(msAttack, { seed, evidence });
    expect(run.outcome).toBe('pass');
    await evidence.flush();
    const uids = new Set<string>();
    for (const entry of evidence.entries()) {
      const body = await evidence.read(entry);
      if (entry.file.endsWith('.dcm')) {
        const ds = dcmjs.data.DicomMessage.readFile(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer).dict as Record<string, { Value?: unknown[] } | undefined>;
        for (const tag of ['00080018', '0020000D', '0020000E']) if (ds[tag]?.Value?.[0]) uids.add(`${tag}=${String(ds[tag].Value[0])}`);
      } else if (entry.file.endsWith('.xml')) {
        for (const m of Buffer.from(body).toString('utf8').matchAll(/identificationScheme="urn:uuid:(?:2e82c1f6-a085-4c72-9da3-8640a32e42ab|96fdda7c-d067-4183-912e-bf5ee74998a8)"[^>]*value="([^"]+)"/g)) uids.add(`uniqueId=${m[1]}`);
      }
    }
    return [...uids].sort();
  }

  it('the same seed gives the same UIDs in the recorded messages of ms-attack', async () => {
    const first = await recordedUids(11, 'first');
    const second = await recordedUids(11, 'second');
    expect(first.filter((u) => u.startsWith('00080018')).length).toBeGreaterThan(10);
    expect(first.some((u) => u.startsWith('uniqueId='))).toBe(true);
    expect(second).toEqual(first);
  }, 90_000);
});
