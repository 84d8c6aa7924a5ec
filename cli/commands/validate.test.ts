import { readdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testWorld } from '../../fixtures/dicom/test-world.ts';
import { writeFixtures } from '../../fixtures/write-fixtures.ts';
import { runTool } from '../../peers/run-tool.ts';
import { harnessKos } from '../../validators/manifest/test-manifests.ts';
import { BILLION_LAUGHS, garbage, samplePart10 } from '../../validators/test-inputs.ts';
import { expandPattern, exitCodeFor, renderText, summarise, type Summary } from './validate.ts';

const IXH = join(import.meta.dirname, '..', '..', 'bin', 'ixh.mjs');
const ixh = (...args: string[]) => runTool(process.execPath, [IXH, ...args], { timeoutMs: 60_000 });

let dir: string;
let dicomFiles: string[];
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-validate-cli-'));
  await writeFixtures(testWorld, join(dir, 'world'), { matrix: 64 });
  dicomFiles = (await readdir(join(dir, 'world'), { recursive: true })).filter((f) => f.endsWith('.dcm')).map((f) => join(dir, 'world', f)).slice(0, 12);
  await writeFile(file('kos.dcm'), harnessKos().kos.part10);
  await writeFile(file('truncated.dcm'), samplePart10().subarray(0, 900));
  await writeFile(file('laughs.xml'), BILLION_LAUGHS);
  await writeFile(file('garbage.bin'), garbage(4096));
}, 60_000);
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('ixh validate', () => {
  it('passes the fixture world’s DICOM files and a KOS manifest with exit code 0, one summary line per file', async () => {
    const result = await ixh('validate', ...dicomFiles, file('kos.dcm'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summaries = result.stdout.split('\n').filter((l) => / (PASS|FAIL|HARNESS ERROR) \(/.test(l));
    expect(summaries).toHaveLength(dicomFiles.length + 1);
    expect(result.stdout).toMatch(new RegExp(`${dicomFiles.length + 1} files \\(profile base\\): ${dicomFiles.length + 1} pass, 0 fail`));
  });

  it('fails hostile files with exit code 1 and names rule, requirements and path', async () => {
    const result = await ixh('validate', file('truncated.dcm'), file('laughs.xml'), file('garbage.bin'));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/truncated\.dcm: FAIL \(dicom\)/);
    expect(result.stdout).toMatch(/input\.dicom\.readable \[GEN-05\] \/: DICOM data set cannot be read/);
    expect(result.stdout).toMatch(/input\.xml\.accepted \[GEN-08, REP-08\] \/: refused \(doctype\)/);
    expect(result.stdout).toMatch(/input\.format\.recognised/);
  });

  it('exits 2 with a one-line reason when a file cannot be read, and still judges the others', async () => {
    const result = await ixh('validate', file('absent.dcm'), dicomFiles[0]!);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^ixh: cannot validate .*absent\.dcm: ENOENT/)]);
    expect(result.stdout).toMatch(/PASS \(dicom\)/);
  });

  it('prints one JSON document with --json', async () => {
    const result = await ixh('validate', '--json', '--profile', 'mado', file('kos.dcm'), file('truncated.dcm'));
    const doc = JSON.parse(result.stdout) as { profile: string; files: { file: string; kind: string; findings: { ruleId: string }[]; harnessErrors: unknown[]; rulesRun: string[] }[]; exitCode: number };
    expect(doc.profile).toBe('mado');
    expect(doc.files.map((f) => f.kind)).toEqual(['dicom', 'dicom']);
    expect(doc.files[0]!.rulesRun.some((id) => id.startsWith('manifest.'))).toBe(true);
    expect(doc.files[1]!.findings.map((f) => f.ruleId)).toEqual(['input.dicom.readable']);
    expect(doc.exitCode).toBe(result.code);
    expect(result.code).toBe(1);
  });

  it.each([
    [['validate'], /usage: ixh validate FILE/],
    [['validate', '--profile', 'eu', 'x.dcm'], /--profile must be one of base, xca-i, ehdsi-orcd, mado/],
  ])('rejects %j with exit code 2', async (args, message) => {
    const result = await ixh(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

describe('expandPattern (for shells that pass ** through)', () => {
  it('expands ** and * to the matching files, sorted', async () => {
    const all = await expandPattern(join(dir, 'world', '**', '*.dcm'));
    expect(all.length).toBeGreaterThanOrEqual(dicomFiles.length);
    expect(all.every((f) => f.startsWith(join(dir, 'world')) && f.endsWith('.dcm'))).toBe(true);
    expect(all).toEqual([...all].sort());
    expect(await expandPattern(join(dir, '*.dcm'))).toEqual([file('kos.dcm'), file('truncated.dcm')]);
    expect(await expandPattern(join(dir, 'l?ughs.[xy]ml'))).toEqual([file('laughs.xml')]);
  });
  it('keeps a plain path, and a pattern matching nothing, as given', async () => {
    expect(await expandPattern(file('garbage.bin'))).toEqual([file('garbage.bin')]);
    expect(await expandPattern(join(dir, '**', '*.nothing'))).toEqual([join(dir, '**', '*.nothing')]);
  });
});

describe('exit code and text rendering', () => {
  const summary = (over: Partial<Summary>): Summary => ({ files: 1, failed: 0, broken: 0, unreadable: 0, harnessErrors: 0, counts: { error: 0, warning: 0, info: 0 }, ...over });
  it.each([
    [summary({}), 0],
    [summary({ counts: { error: 0, warning: 3, info: 1 } }), 0],
    [summary({ counts: { error: 1, warning: 0, info: 0 } }), 1],
    [summary({ counts: { error: 1, warning: 0, info: 0 }, unreadable: 1 }), 2],
    [summary({ counts: { error: 1, warning: 0, info: 0 }, unreadable: 1, harnessErrors: 1 }), 3],
  ])('%j → %i', (s, code) => expect(exitCodeFor(s)).toBe(code));

  it('shows a harness error as such, never as a pass', () => {
    const result = { file: 'a.dcm', kind: 'dicom' as const, run: { findings: [], harnessErrors: [{ ruleId: 'dicom.x', subject: 'a.dcm', message: 'boom\nstack' }], rulesRun: [] } };
    const text = renderText(result);
    expect(text).toMatch(/^a\.dcm: HARNESS ERROR \(dicom\)/);
    expect(text).toMatch(/HARNESS ERROR dicom\.x: boom \(the rule threw/);
    expect(summarise([result])).toMatchObject({ broken: 1, harnessErrors: 1 });
  });

  it('groups findings by severity, errors first', () => {
    const f = (severity: 'error' | 'warning' | 'info', ruleId: string) => ({ ruleId, severity, requirements: ['GEN-01'], specRef: 's', subject: 'a', path: '/', message: 'm' });
    const text = renderText({ file: 'a', kind: 'cda', run: { findings: [f('info', 'r.i'), f('error', 'r.e'), f('warning', 'r.w')], harnessErrors: [], rulesRun: ['r.i', 'r.e', 'r.w'] } });
    expect(text.split('\n').slice(1, 7).map((l) => l.trim().split(' ')[0])).toEqual(['ERROR', 'r.e', 'WARNING', 'r.w', 'INFO', 'r.i']);
  });
});
