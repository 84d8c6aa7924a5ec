import { describe, expect, it } from 'vitest';
import { firstReported, reportWorld } from './cda-test-inputs.ts';
import { renderFhirImagingReport } from './fhir-report.ts';

type Json = Record<string, any>;
const byType = (bundle: Json, type: string): Json[] => bundle.entry.map((e: Json) => e.resource).filter((r: Json) => r.resourceType === type);

describe('renderFhirImagingReport', () => {
  const { world } = reportWorld();
  const fr = firstReported((r) => r.ws.country.code === 'FR');
  const out = renderFhirImagingReport(fr.ws, { uidRoot: world.uidRoot });
  const bundle = JSON.parse(out.json) as Json;
  const composition = byType(bundle, 'Composition')[0]!;
  const study = byType(bundle, 'ImagingStudy')[0]!;

  it('is a document Bundle with the Composition first and the report id as identifier', () => {
    expect(out.mimeType).toBe('application/fhir+json');
    expect(out.uniqueId).toBe(fr.ws.report!.id);
    expect(bundle.type).toBe('document');
    expect(bundle.entry[0].resource.resourceType).toBe('Composition');
    expect(bundle.identifier).toEqual({ system: 'urn:ietf:rfc:3986', value: `urn:oid:${fr.ws.report!.id}` });
    expect(byType(bundle, 'DiagnosticReport')[0]).toMatchObject({ status: 'final', conclusion: fr.ws.report!.conclusion });
    for (const e of bundle.entry) expect(e.fullUrl).toBe(`urn:uuid:${e.resource.id}`);
  });

  it('types the Composition LOINC 18748-4 with a legal attester and narrative in the report language', () => {
    expect(composition.type.coding[0]).toMatchObject({ system: 'http://loinc.org', code: '18748-4' });
    expect(composition.language).toBe('fr-FR');
    expect(composition.attester[0].mode).toBe('legal');
    const findings = composition.section.find((s: Json) => s.code.coding[0].code === '59776-5');
    expect(findings.text.div).toContain('lang="fr-FR"');
    expect(findings.title).toBe('Résultats');
  });

  it('identifies the study by urn:dicom:uid and ACSN accession, and the patient by national id under urn:oid', () => {
    expect(study.identifier[0]).toEqual({ system: 'urn:dicom:uid', value: `urn:oid:${fr.ws.study.studyInstanceUid}` });
    expect(study.identifier[1].type.coding[0]).toMatchObject({ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'ACSN' });
    expect(study.identifier[1].value).toBe(fr.ws.study.accessionNumber);
    expect(study.status).toBe('available');
    expect(study.series[0].bodySite.system).toBe('http://snomed.info/sct');
    expect(study.series[0].instance[0].sopClass.code).toMatch(/^urn:oid:1\.2\.840\.10008\./);
    expect(byType(bundle, 'Patient')[0]!.identifier[0]).toEqual({ system: `urn:oid:${fr.ws.country.nationalIdScheme.oid}`, value: fr.ws.patient.id });
  });

  it('adds the BI-RADS Observation to the impression of breast reports, and dose Observations when a dose record is given', () => {
    const breast = firstReported((r) => r.ws.report?.birads !== undefined);
    const b = JSON.parse(renderFhirImagingReport(breast.ws, { uidRoot: world.uidRoot }).json) as Json;
    const impression = byType(b, 'Composition')[0]!.section.find((s: Json) => s.code.coding[0].code === '19005-8');
    const [obs] = byType(b, 'Observation');
    expect(impression.entry[0].reference).toBe(`urn:uuid:${obs!.id}`);
    expect(obs!.code.coding[0].code).toBe('111005');
    const ct = firstReported((r) => r.exposure !== undefined);
    const c = JSON.parse(renderFhirImagingReport(ct.ws, { uidRoot: world.uidRoot, exposure: ct.exposure! }).json) as Json;
    expect(byType(c, 'Observation').map((o) => o.valueQuantity.value)).toEqual([ct.exposure!.totalDlpMGyCm, ct.exposure!.effectiveDoseMSv]);
  });

  it('is deterministic and its ids depend on the study', () => {
    expect(renderFhirImagingReport(fr.ws, { uidRoot: world.uidRoot }).json).toBe(out.json);
    const other = firstReported((r) => r.ws.study.studyInstanceUid !== fr.ws.study.studyInstanceUid);
    expect(JSON.parse(renderFhirImagingReport(other.ws, { uidRoot: world.uidRoot }).json).id).not.toBe(bundle.id);
    expect(bundle.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
