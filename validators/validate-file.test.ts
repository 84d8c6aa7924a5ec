import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NS } from '../simulators/soap/namespaces.ts';
import type { RuleRun } from './run-rules.ts';
import { BILLION_LAUGHS, deepXml, garbage, rawDataset, samplePart10, SOAP_AUDIT, utf8 } from './test-inputs.ts';
import { harnessKos } from './manifest/test-manifests.ts';
import { renderedReports } from './report/report-test-inputs.ts';
import { ENTRY_POINTS, validateBytes, validateFile, type FamilyEntryPoints } from './validate-file.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-validate-file-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const part10 = samplePart10();
const ruleIds = (run: RuleRun) => run.findings.map((f) => f.ruleId);
const judged = (bytes: Uint8Array, entry: FamilyEntryPoints = {}) => validateBytes(bytes, 'x', { subjectName: 'x' }, entry);
const EMPTY_RUN: RuleRun = { findings: [], harnessErrors: [], rulesRun: ['stub'] };

describe('validateFile on what cannot be read', () => {
  it('refuses a 1 GB file from its size alone, quickly', async () => {
    const huge = join(dir, 'huge.dcm');
    await writeFile(huge, '');
    await truncate(huge, 1024 ** 3); // sparse: nothing is written, and nothing must be read
    const started = performance.now();
    const result = await validateFile(huge);
    expect(result).toEqual({ file: huge, unreadable: expect.stringMatching(/1073741824 bytes exceeds the limit of 536870912 bytes/) });
    expect(performance.now() - started).toBeLessThan(500);
  });
  it.each([
    ['an absent file', () => join(dir, 'absent.dcm'), /ENOENT/],
    ['a directory', () => dir, /is a directory/],
  ])('reports %s as unreadable in one line', async (_, path, reason) => {
    const result = await validateFile(path());
    expect(result).toEqual({ file: path(), unreadable: expect.stringMatching(reason) });
    expect('unreadable' in result && result.unreadable).not.toMatch(/\n/);
  });
});

describe('validateFile on hostile content: a finding, in bounded time', () => {
  it.each([
    ['truncated DICOM', part10.subarray(0, 1000), 'input.dicom.readable'],
    ['garbage after DICM', (() => { const b = garbage(64 * 1024); b.set(new Uint8Array(128), 0); b.set(utf8('DICM'), 128); return b; })(), 'input.dicom.readable'],
    ['billion laughs', utf8(BILLION_LAUGHS), 'input.xml.accepted'],
    ['deep nesting', utf8(deepXml(100_000)), 'input.xml.accepted'],
    ['invalid UTF-8 XML', new Uint8Array([0x3c, 0x61, 0x3e, 0xc3, 0x28, 0x3c, 0x2f, 0x61, 0x3e]), 'input.xml.accepted'],
    ['binary garbage', garbage(1 << 20), 'input.format.recognised'],
    ['deep JSON', utf8('['.repeat(50_000) + ']'.repeat(50_000)), 'input.json.accepted'],
    ['an XML root ixh does not know', utf8('<html/>'), 'input.format.recognised'],
  ])('%s', async (name, bytes, ruleId) => {
    const file = join(dir, `${name.replace(/\W+/g, '-')}.bin`);
    await writeFile(file, bytes);
    const started = performance.now();
    const result = await validateFile(file);
    expect(performance.now() - started).toBeLessThan(3000);
    if (!('run' in result)) throw new Error(`unexpected unreadable: ${result.unreadable}`);
    expect(result.run.findings).toEqual([expect.objectContaining({ ruleId, severity: 'error', subject: file })]);
    expect(result.run.harnessErrors).toEqual([]);
  });
});

describe('dispatch by kind', () => {
  it('sends a Part 10 file to the dicom family, a raw data set too (wrapped)', () => {
    const seen: number[] = [];
    const dicom = (bytes: Uint8Array) => (seen.push(bytes.byteLength), EMPTY_RUN);
    expect(judged(part10, { dicom }).kind).toBe('dicom');
    expect(judged(rawDataset(part10), { dicom }).run.findings).toEqual([]);
    expect(seen).toHaveLength(2);
  });
  it('says "not evaluated" (info) when a family is missing, never a silent pass', () => {
    const { run } = judged(part10);
    expect(run.findings).toEqual([expect.objectContaining({ ruleId: 'input.family.available', severity: 'info', expected: 'the dicom family' })]);
  });
  it('judges a SOAP envelope, its body and the SAML assertions of its header', () => {
    const soap = `<e:Envelope xmlns:e="${NS.env}"><e:Header><w:Security xmlns:w="${NS.wsse}"><s:Assertion xmlns:s="${NS.saml}" ID="_1"/></w:Security></e:Header>${SOAP_AUDIT.slice(SOAP_AUDIT.indexOf('<e:Body>'))}`;
    const result = validateBytes(utf8(soap), 'x', { subjectName: 'msg.xml', profile: 'xca-i' }, {});
    expect(result).toMatchObject({ kind: 'soap', bodyKind: 'atna' });
    const ids = ruleIds(result.run);
    expect(ids).toContain('message.soap.ihe-binding'); // no wsa:Action
    expect(ids).toContain('message.saml.assertion-header'); // no Version/Issuer
    expect(ids).toContain('message.atna.active-participant');
    expect(result.run.findings.find((f) => f.ruleId === 'message.saml.assertion-header')?.subject).toBe('msg.xml Assertion _1');
  });
  it('hands ebRIM metadata messages to the metadata family and judges the response status', () => {
    const inputs: string[] = [];
    const submission = (root: { local: string }) => (inputs.push(root.local), EMPTY_RUN);
    const { run } = judged(utf8(`<q:AdhocQueryResponse xmlns:q="${NS.query}" status="bogus"/>`), { submission });
    expect(inputs).toEqual(['AdhocQueryResponse']);
    expect(ruleIds(run)).toEqual(['message.ebrim.response-status']);
  });
  it('judges a bare XCPD message with the HL7 v3 rules', () => {
    expect(ruleIds(judged(utf8(`<PRPA_IN201305UV02 xmlns="${NS.hl7}"/>`)).run)).toEqual(['message.hl7v3.xcpd-readable']);
  });
  it('hands FHIR JSON to the FHIR report family and CDA bytes to the CDA family', () => {
    const got: unknown[] = [];
    const entry: FamilyEntryPoints = { fhir: (json) => (got.push(json), EMPTY_RUN), cda: (bytes) => (got.push(bytes.byteLength), EMPTY_RUN) };
    judged(utf8('{"resourceType":"DiagnosticReport"}'), entry);
    judged(utf8(`<ClinicalDocument xmlns="${NS.hl7}"/>`), entry);
    expect(got).toEqual([{ resourceType: 'DiagnosticReport' }, 42]);
  });
});

describe('the wired families', () => {
  const families = (run: RuleRun) => [...new Set(run.rulesRun.map((id) => id.split('.')[0]))].sort();
  it('judge a KOS with the dicom and manifest families, a CDA and a FHIR report with the report families', () => {
    const report = renderedReports()[0]!;
    expect(families(judged(harnessKos().kos.part10, ENTRY_POINTS).run)).toEqual(['dicom', 'input', 'manifest']);
    expect(families(judged(utf8(report.cdaXml), ENTRY_POINTS).run)).toEqual(['input', 'report']);
    expect(families(judged(utf8(report.fhirJson), ENTRY_POINTS).run)).toEqual(['input', 'report']);
    expect(judged(utf8(report.cdaXml), ENTRY_POINTS).run.findings.filter((f) => f.ruleId === 'input.family.available')).toEqual([]);
  });
});
