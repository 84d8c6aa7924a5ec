import { describe, expect, it } from 'vitest';
import { NS } from '../simulators/soap/namespaces.ts';
import { detectKind, jsonDepth, probeKind } from './detect-kind.ts';
import { BILLION_LAUGHS, deepXml, garbage, rawDataset, samplePart10, utf8 } from './test-inputs.ts';

const part10 = samplePart10();

describe('detectKind', () => {
  it.each([
    ['Part 10 file', part10, 'dicom'],
    ['raw data set from group 0008', rawDataset(part10), 'dicom'],
    ['file meta without preamble', part10.subarray(132), 'dicom'],
    ['CDA', utf8(`<ClinicalDocument xmlns="${NS.hl7}"/>`), 'cda'],
    ['CDA with BOM and declaration', utf8(`\uFEFF<?xml version="1.0"?><ClinicalDocument xmlns="${NS.hl7}"/>`), 'cda'],
    ['CDA after blank lines', utf8(`\n  <ClinicalDocument xmlns="${NS.hl7}"/>`), 'cda'],
    ['XCPD query', utf8(`<PRPA_IN201305UV02 xmlns="${NS.hl7}"/>`), 'hl7v3'],
    ['SOAP 1.2', utf8(`<s:Envelope xmlns:s="${NS.env}"><s:Body/></s:Envelope>`), 'soap'],
    ['SOAP 1.1', utf8(`<s:Envelope xmlns:s="${NS.soap11}"><s:Body/></s:Envelope>`), 'soap'],
    ['SubmitObjectsRequest', utf8(`<l:SubmitObjectsRequest xmlns:l="${NS.lcm}"/>`), 'ebrim'],
    ['ProvideAndRegister', utf8(`<x:ProvideAndRegisterDocumentSetRequest xmlns:x="${NS.xdsb}"/>`), 'ebrim'],
    ['AdhocQueryResponse', utf8(`<q:AdhocQueryResponse xmlns:q="${NS.query}"/>`), 'ebrim'],
    ['SAML assertion', utf8(`<a:Assertion xmlns:a="${NS.saml}"/>`), 'saml'],
    ['ATNA audit message', utf8('<AuditMessage/>'), 'atna'],
    ['FHIR JSON', utf8('{"resourceType":"DiagnosticReport"}'), 'fhir-json'],
    ['JSON without resourceType', utf8('{"a":1}'), 'unknown'],
    ['an AuditMessage in some namespace', utf8('<AuditMessage xmlns="urn:other"/>'), 'unknown'],
    ['ClinicalDocument outside the HL7 namespace', utf8('<ClinicalDocument/>'), 'unknown'],
    ['empty file', new Uint8Array(0), 'unknown'],
    ['garbage', garbage(4096), 'unknown'],
  ] as const)('%s', (_, bytes, kind) => expect(detectKind(bytes, 'x.bin')).toBe(kind));

  it('never trusts the extension: XML named .dcm is XML, DICOM named .xml is DICOM', () => {
    expect(detectKind(utf8('<AuditMessage/>'), 'study.dcm')).toBe('atna');
    expect(detectKind(part10, 'report.xml')).toBe('dicom');
    expect(probeKind(garbage(200), 'image.dcm').refusal?.reason).toMatch(/name ends in \.dcm/);
  });
});

describe('probeKind on hostile input', () => {
  it.each([
    ['billion laughs', utf8(BILLION_LAUGHS), 'doctype'],
    ['deep nesting', utf8(deepXml(5000)), /too-deep|malformed/],
    ['invalid UTF-8', new Uint8Array([0x3c, 0x61, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x61, 0x3e]), 'encoding'],
    ['ill-formed XML', utf8('<a><b></a>'), 'malformed'],
    ['deep JSON', utf8('['.repeat(100_000) + ']'.repeat(100_000)), 'too-deep'],
    ['bad JSON', utf8('{"resourceType": '), 'malformed'],
  ] as const)('%s is refused with a reason, quickly', (_, bytes, code) => {
    const started = performance.now();
    const probe = probeKind(bytes, 'x');
    expect(probe.kind).toBe('unknown');
    expect(probe.refusal?.code).toMatch(code);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('jsonDepth', () => {
  it('counts brackets outside strings only', () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[[\\"]]"}]}')).toBe(3);
    expect(jsonDepth('1')).toBe(0);
  });
});
