/**
 * DCMTK's own tools against `ixh serve pacs`, run as a user runs it (the CLI in a child process,
 * serving `ixh fixtures generate` output). Answers are checked against the fixture manifest,
 * not just "no error".
 */
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStorescp, type RunningStorescp } from '../../peers/dcmtk/storescp.ts';
import { freePort } from '../../peers/free-port.ts';
import { runTool, startTool, type RunningTool, type ToolResult } from '../../peers/run-tool.ts';
import { writeCtFiles } from '../../simulators/dimse/test-ct-files.ts';
import { allOf, hasBinary, peerDescribe } from './require-peer.ts';

const VIDEO_ENDOSCOPIC = '1.2.840.10008.5.1.4.1.1.77.1.1.1';
const IXH = join(import.meta.dirname, '..', '..', 'bin', 'ixh.mjs');
const describePeer = await peerDescribe('dcmtk', allOf(...['echoscu', 'findscu', 'movescu', 'getscu', 'storescu', 'storescp'].map((t) => () => hasBinary(t))));

interface Instance { readonly sopInstanceUid: string; readonly sopClassUid: string; readonly file: string | null }
interface Series { readonly seriesInstanceUid: string; readonly modality: string; readonly instances: readonly Instance[] }
interface Study { readonly studyInstanceUid: string; readonly accessionNumber: string; readonly date: string; readonly series: readonly Series[] }
interface Patient { readonly key: string; readonly nationalId: string; readonly name: { readonly family: string; readonly given: string }; readonly studies: readonly Study[] }
interface Manifest { readonly world: { readonly patients: readonly Patient[] } }

type Dataset = Record<string, string>;

/** Parses findscu's printed responses into keyword → value maps, one per pending response. */
function findResponses(result: ToolResult): Dataset[] {
  const text = `${result.stdout}\n${result.stderr}`;
  return text
    .split(/Find Response: \d+ \(Pending\)/)
    .slice(1)
    .map((block) => {
      const ds: Dataset = {};
      for (const line of block.split('\n')) {
        const m = /\(([0-9a-f]{4}),([0-9a-f]{4})\) \w\w (?:\[(.*?)\]|\(no value available\)|(\S+))\s+#\s*\d+,\s*\d+ (\S+)/i.exec(line);
        if (m) ds[m[5] as string] = (m[3] ?? m[4] ?? '').replace(/[\s\0]+$/, '');
      }
      return ds;
    });
}

let root: string;
let manifest: Manifest;
let server: RunningTool;
let port: number;
let storescp: RunningStorescp;
let moveScuPort: number;
const allStudies = (): Study[] => manifest.world.patients.flatMap((p) => p.studies);
const instanceCount = (study: Study): number => study.series.reduce((n, s) => n + s.instances.filter((i) => i.file).length, 0);

async function dcmtk(tool: string, args: string[], cwd?: string): Promise<ToolResult> {
  return runTool(tool, args, { timeoutMs: 60_000, ...(cwd && { cwd }) });
}

describePeer('DCMTK tools against ixh serve pacs', () => {
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'ixh-pacs-dcmtk-'));
    const generated = await runTool(process.execPath, [IXH, 'fixtures', 'generate', '--seed', '7', '--patients', '0', '--countries', 'NL,FR', '--out', join(root, 'data')], { timeoutMs: 120_000 });
    expect(generated.code, generated.stderr).toBe(0);
    manifest = JSON.parse(await readFile(join(root, 'data', 'manifest.json'), 'utf8')) as Manifest;

    storescp = await startStorescp({ aeTitle: 'DCMTK_SCP', outDir: join(root, 'storescp') });
    moveScuPort = await freePort();
    port = await freePort();
    server = startTool(process.execPath, [
      IXH, 'serve', 'pacs', '--port', String(port), '--data', join(root, 'data'), '--store', join(root, 'store'),
      '--peer', `DCMTK_SCP=127.0.0.1:${storescp.port}`, '--peer', `MOVESCU=127.0.0.1:${moveScuPort}`,
      '--evidence', join(root, 'evidence'),
    ]);
    await server.waitFor(/listening on/, 90_000);
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
    await storescp?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('answers C-ECHO', async () => {
    const result = await dcmtk('echoscu', ['-aec', 'IXH_PACS', '127.0.0.1', String(port)]);
    expect(result.code, result.stderr).toBe(0);
  });

  it('C-FIND study level, universal PatientName: every study of the fixtures, with their keys', async () => {
    const result = await dcmtk('findscu', ['-S', '-aec', 'IXH_PACS', '-k', 'QueryRetrieveLevel=STUDY', '-k', 'PatientName=*', '-k', 'StudyInstanceUID', '-k', 'AccessionNumber', '-k', 'StudyDate', '-k', 'NumberOfStudyRelatedInstances', '127.0.0.1', String(port)]);
    expect(result.code, result.stderr).toBe(0);
    const responses = findResponses(result);
    const byUid = new Map(responses.map((r) => [r.StudyInstanceUID, r]));
    expect(byUid.size).toBe(allStudies().length);
    for (const study of allStudies()) {
      expect(byUid.get(study.studyInstanceUid)).toMatchObject({
        AccessionNumber: study.accessionNumber,
        StudyDate: study.date,
        NumberOfStudyRelatedInstances: String(instanceCount(study)),
      });
    }
  });

  it('C-FIND study level with a wildcard, a date range and ModalitiesInStudy', async () => {
    const ms = manifest.world.patients.find((p) => p.key === 'ms-follow-up')!;
    const prefix = ms.name.family.slice(0, 3);
    const dates = ms.studies.map((s) => s.date).sort();
    const from = dates[2]!;
    const to = dates[dates.length - 3]!;
    const result = await dcmtk('findscu', [
      '-S', '-aec', 'IXH_PACS', '-k', 'QueryRetrieveLevel=STUDY', '-k', `PatientID=${ms.nationalId}`, '-k', `PatientName=${prefix}*`,
      '-k', `StudyDate=${from}-${to}`, '-k', 'ModalitiesInStudy=MR', '-k', 'StudyInstanceUID', '127.0.0.1', String(port),
    ]);
    expect(result.code, result.stderr).toBe(0);
    const expected = ms.studies.filter((s) => s.date >= from && s.date <= to && s.series.some((se) => se.modality === 'MR')).map((s) => s.studyInstanceUid).sort();
    expect(expected.length).toBeGreaterThan(2);
    expect(findResponses(result).map((r) => r.StudyInstanceUID).sort()).toEqual(expected);
  });

  it('C-FIND patient root at PATIENT, SERIES and IMAGE level', async () => {
    const patient = manifest.world.patients.find((p) => p.key === 'spine-paris')!;
    const study = patient.studies[0]!;
    const series = study.series[0]!;
    const patientLevel = findResponses(await dcmtk('findscu', ['-P', '-aec', 'IXH_PACS', '-k', 'QueryRetrieveLevel=PATIENT', '-k', `PatientID=${patient.nationalId}`, '-k', 'PatientName', '-k', 'NumberOfPatientRelatedStudies', '127.0.0.1', String(port)]));
    expect(patientLevel).toEqual([expect.objectContaining({ PatientID: patient.nationalId, NumberOfPatientRelatedStudies: String(patient.studies.length) })]);

    const seriesLevel = findResponses(await dcmtk('findscu', ['-P', '-aec', 'IXH_PACS', '-k', 'QueryRetrieveLevel=SERIES', '-k', `PatientID=${patient.nationalId}`, '-k', `StudyInstanceUID=${study.studyInstanceUid}`, '-k', 'SeriesInstanceUID', '-k', 'Modality', '127.0.0.1', String(port)]));
    expect(seriesLevel.map((r) => r.SeriesInstanceUID).sort()).toEqual(study.series.map((s) => s.seriesInstanceUid).sort());
    expect(new Set(seriesLevel.map((r) => r.Modality))).toEqual(new Set(study.series.map((s) => s.modality)));

    const imageLevel = findResponses(await dcmtk('findscu', ['-S', '-aec', 'IXH_PACS', '-k', 'QueryRetrieveLevel=IMAGE', '-k', `StudyInstanceUID=${study.studyInstanceUid}`, '-k', `SeriesInstanceUID=${series.seriesInstanceUid}`, '-k', 'SOPInstanceUID', '127.0.0.1', String(port)]));
    expect(imageLevel.map((r) => r.SOPInstanceUID).sort()).toEqual(series.instances.map((i) => i.sopInstanceUid).sort());
  });

  it('C-MOVE a study to a DCMTK storescp, and back to the calling movescu', async () => {
    const study = manifest.world.patients.find((p) => p.key === 'spine-paris')!.studies[1]!;
    const toScp = await dcmtk('movescu', ['-S', '-aec', 'IXH_PACS', '-aem', 'DCMTK_SCP', '-k', 'QueryRetrieveLevel=STUDY', '-k', `StudyInstanceUID=${study.studyInstanceUid}`, '127.0.0.1', String(port)]);
    expect(toScp.code, toScp.stderr).toBe(0);
    expect((await readdir(storescp.outDir)).length).toBe(instanceCount(study));

    const back = join(root, 'movescu');
    await mkdir(back);
    const toCaller = await dcmtk('movescu', ['-S', '-aet', 'MOVESCU', '-aec', 'IXH_PACS', '--port', String(moveScuPort), '-od', back, '-k', 'QueryRetrieveLevel=STUDY', '-k', `StudyInstanceUID=${study.studyInstanceUid}`, '127.0.0.1', String(port)]);
    expect(toCaller.code, toCaller.stderr).toBe(0);
    const expectedUids = study.series.flatMap((s) => s.instances.map((i) => i.sopInstanceUid)).sort();
    expect((await readdir(back)).map((f) => f.replace(/^[A-Z]{2}\./, '')).sort()).toEqual(expectedUids);
  });

  it('C-MOVE to an unknown destination is refused with 0xA801', async () => {
    const study = allStudies()[0]!;
    const result = await dcmtk('movescu', ['-S', '-aec', 'IXH_PACS', '-aem', 'NOWHERE', '-k', 'QueryRetrieveLevel=STUDY', '-k', `StudyInstanceUID=${study.studyInstanceUid}`, '127.0.0.1', String(port)]);
    expect(`${result.stdout}${result.stderr}`).toMatch(/a801|MoveDestinationUnknown/i);
  });

  it('C-GET returns every instance of a series on the same association', async () => {
    const study = manifest.world.patients.find((p) => p.key === 'ms-follow-up')!.studies[0]!;
    const out = join(root, 'getscu');
    await mkdir(out);
    const result = await dcmtk('getscu', ['-S', '-aec', 'IXH_PACS', '-od', out, '-k', 'QueryRetrieveLevel=STUDY', '-k', `StudyInstanceUID=${study.studyInstanceUid}`, '127.0.0.1', String(port)]);
    expect(result.code, result.stderr).toBe(0);
    const expectedUids = study.series.flatMap((s) => s.instances.map((i) => i.sopInstanceUid)).sort();
    expect((await readdir(out)).map((f) => f.replace(/^[A-Z]{2}\./, '')).sort()).toEqual(expectedUids);
  });

  it('C-STORE from storescu, then finds the new study', async () => {
    const dir = join(root, 'new');
    await mkdir(dir);
    const files = await writeCtFiles(dir, 3, { studyInstanceUid: '1.2.826.0.1.3680043.10.777.1', patientId: 'STORESCU-1' });
    const stored = await dcmtk('storescu', ['-aec', 'IXH_PACS', '127.0.0.1', String(port), ...files.map((f) => f.path)]);
    expect(stored.code, stored.stderr).toBe(0);
    const found = findResponses(await dcmtk('findscu', ['-S', '-aec', 'IXH_PACS', '-k', 'QueryRetrieveLevel=STUDY', '-k', 'PatientID=STORESCU-1', '-k', 'StudyInstanceUID', '-k', 'NumberOfStudyRelatedInstances', '127.0.0.1', String(port)]));
    expect(found).toEqual([expect.objectContaining({ StudyInstanceUID: '1.2.826.0.1.3680043.10.777.1', NumberOfStudyRelatedInstances: '3' })]);
  });

  it('rejects a SOP class it does not support with "abstract syntax not supported" and records the decision', async () => {
    const dir = join(root, 'unsupported');
    await mkdir(dir);
    const [file] = await writeCtFiles(dir, 1);
    // Video Endoscopic Image Storage: a SOP class DCMTK knows and the PACS does not store.
    const modified = await dcmtk('dcmodify', ['-nb', '-m', `(0008,0016)=${VIDEO_ENDOSCOPIC}`, file!.path]);
    expect(modified.code, modified.stderr).toBe(0);
    const result = await dcmtk('storescu', ['-R', '-aec', 'IXH_PACS', '127.0.0.1', String(port), file!.path]);
    expect(result.code).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toMatch(/No presentation context|No Acceptable Presentation Contexts/i);

    const evidence = join(root, 'evidence');
    const decisions: { resultName: string; abstractSyntax: string }[] = [];
    for (const name of (await readdir(evidence)).filter((n) => n.endsWith('A-ASSOCIATE-response.json'))) {
      const response = JSON.parse(await readFile(join(evidence, name), 'utf8')) as { contexts?: typeof decisions };
      decisions.push(...(response.contexts ?? []));
    }
    expect(decisions).toContainEqual(expect.objectContaining({ abstractSyntax: VIDEO_ENDOSCOPIC, resultName: 'abstract-syntax-not-supported' }));
  });

  it('aborts an association that sends a malformed PDU and keeps serving others', async () => {
    const socket = connect({ host: '127.0.0.1', port });
    const closed = new Promise<Buffer>((resolve) => {
      const parts: Buffer[] = [];
      socket.on('data', (d: Buffer) => parts.push(d));
      socket.on('close', () => resolve(Buffer.concat(parts)));
    });
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(Buffer.from([0x0b, 0, 0, 0, 0, 2, 0xde, 0xad]));
    const echo = await dcmtk('echoscu', ['-aec', 'IXH_PACS', '127.0.0.1', String(port)]);
    const reply = await closed;
    expect(reply[0]).toBe(0x07); // A-ABORT
    expect(echo.code, echo.stderr).toBe(0);
  });
});
