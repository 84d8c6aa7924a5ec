/**
 * The report families end to end: every reported study of the seed-7 world passes every rule in
 * both formats, and each rule fails on a mutated copy. Content rules are mutated in both formats
 * with the same defect and must answer with the same rule id.
 */
import { describe, expect, it } from 'vitest';
import type { ValidationProfile } from '../rule.ts';
import { allSections } from './extracted-report.ts';
import { cdaReportFamily, extractCdaReport, extractFhirReport, fhirReportFamily, REPORT_CONTENT_RULES, validateCdaReport, validateFhirReport } from './index.ts';
import { firstRendered, hasModality, renderedReports, type RenderedReport } from './report-test-inputs.ts';

type Json = Record<string, any>;
const subjectName = 'report under test';
const cdaRun = (xml: string | Uint8Array, profile: ValidationProfile = 'xca-i') => validateCdaReport(xml, { subjectName, profile });
const fhirRun = (json: string | object, profile: ValidationProfile = 'xca-i') => validateFhirReport(json, { subjectName, profile });
const ids = (run: { findings: readonly { ruleId: string }[] }) => [...new Set(run.findings.map((f) => f.ruleId))];

const resource = (bundle: Json, type: string): Json => bundle.entry.find((e: Json) => e.resource.resourceType === type).resource;
const composition = (bundle: Json) => resource(bundle, 'Composition');
const allFhirSections = (sections: Json[]): Json[] => sections.flatMap((s) => [s, ...allFhirSections(s.section ?? [])]);
const section = (bundle: Json, code: string): Json => allFhirSections(composition(bundle).section).find((s) => s.code.coding[0].code === code)!;
const dropSection = (bundle: Json, code: string) => {
  composition(bundle).section = composition(bundle).section.filter((s: Json) => s.code.coding[0].code !== code);
};
const EMPTY_DIV = '<div xmlns="http://www.w3.org/1999/xhtml"></div>';

function mutateXml(xml: string, pattern: RegExp, replacement: string): string {
  const out = xml.replace(pattern, replacement);
  if (out === xml) throw new Error(`mutation ${pattern} changed nothing`);
  return out;
}
function mutateJson(json: string, edit: (bundle: Json) => void): Json {
  const bundle = JSON.parse(json) as Json;
  edit(bundle);
  return bundle;
}

describe('every reported study of buildWorld({ seed: 7, patients: 1 }) passes', () => {
  const reports = renderedReports();

  it('covers the interesting cases (CT with dose, MG with BI-RADS, priors, six languages)', () => {
    expect(reports.length).toBeGreaterThan(20);
    expect(reports.filter((r) => r.study.exposure).length).toBeGreaterThan(0);
    expect(reports.filter(hasModality('MG')).length).toBeGreaterThan(0);
    expect(reports.filter((r) => r.study.comparison).length).toBeGreaterThan(0);
  });

  for (const profile of ['base', 'xca-i', 'ehdsi-orcd'] as const) {
    it(`CDA, every rule, profile ${profile}`, () => {
      for (const r of reports) {
        const run = cdaRun(r.cdaXml, profile);
        expect(run.findings, r.study.ws.study.accessionNumber).toEqual([]);
        expect(run.harnessErrors).toEqual([]);
      }
      if (profile !== 'base') expect(cdaRun(reports[0]!.cdaXml, profile).rulesRun).toEqual(cdaReportFamily.rules.map((rule) => rule.id));
    });
    it(`FHIR (R4 schema included), every rule, profile ${profile}`, () => {
      for (const r of reports) {
        const run = fhirRun(r.fhirJson, profile);
        expect(run.findings, r.study.ws.study.accessionNumber).toEqual([]);
        expect(run.harnessErrors).toEqual([]);
      }
      if (profile !== 'base') expect(fhirRun(reports[0]!.fhirJson, profile).rulesRun).toEqual(fhirReportFamily.rules.map((rule) => rule.id));
    }, 30_000);
  }

  it('extracts the same content from both formats of one report', () => {
    for (const r of reports) {
      const cda = extractCdaReport(r.cdaXml)!;
      const fhir = extractFhirReport(r.fhirJson)!;
      const { study, patient, report } = r.study.ws;
      for (const x of [cda, fhir]) {
        expect(x.documentId?.value).toBe(report!.id);
        expect(x.patient?.value).toMatchObject({ id: patient.id, issuerOid: patient.issuer.oid });
        expect(x.accession?.value).toEqual({ value: study.accessionNumber, issuerOid: study.accessionIssuer.oid });
        expect(x.studyInstanceUid?.value).toBe(study.studyInstanceUid);
        expect(x.bodyPart?.value.code).toBe(study.anatomicRegion!.code);
        expect(x.series.flatMap((s) => s.instances.map((i) => i.uid))).toEqual(study.series.flatMap((s) => s.instances.map((i) => i.sopInstanceUid)));
        expect(x.birads?.category).toBe(report!.birads);
        expect(x.exposure?.totalDlpMGyCm).toBe(r.study.exposure?.totalDlpMGyCm);
      }
      expect(fhir.date?.value).toBe(cda.date?.value);
      expect(fhir.language?.value).toBe(cda.language?.value);
      expect(new Set(fhir.modalities)).toEqual(new Set(cda.modalities));
      const narrative = (x: typeof cda) => Object.fromEntries(allSections(x).filter((s) => ['findings', 'conclusion', 'recommendation', 'comparison'].includes(s.kind)).map((s) => [s.kind, s.text]));
      expect(narrative(fhir)).toEqual(narrative(cda));
      expect(narrative(cda)['findings']).toBe(report!.findings.replace(/\s+/g, ' ').trim());
    }
  });
});

interface ContentDefect {
  readonly ruleId: string;
  readonly what: string;
  readonly pick?: (r: RenderedReport) => boolean;
  readonly cda: (xml: string) => string;
  readonly fhir: (bundle: Json) => void;
}

const CONTENT_DEFECTS: readonly ContentDefect[] = [
  { ruleId: 'report.header.patient', what: 'patient id without issuer / no identifier',
    cda: (x) => mutateXml(x, /(<patientRole><id) root="[^"]*"/, '$1'), fhir: (b) => { delete resource(b, 'Patient').identifier; } },
  { ruleId: 'report.header.author', what: 'no author person',
    cda: (x) => mutateXml(x, /<author>[\s\S]*?<\/author>/, ''), fhir: (b) => { composition(b).author = composition(b).author.slice(1); } },
  { ruleId: 'report.header.legal-authenticator', what: 'no legal authenticator',
    cda: (x) => mutateXml(x, /<legalAuthenticator>[\s\S]*?<\/legalAuthenticator>/, ''), fhir: (b) => { delete composition(b).attester; } },
  { ruleId: 'report.header.date', what: 'report date without time zone',
    cda: (x) => mutateXml(x, /(<effectiveTime value="\d{14})[+-]\d{4}"/, '$1"'), fhir: (b) => { composition(b).date = composition(b).date.slice(0, 19); } },
  { ruleId: 'report.header.type', what: 'document type is not 18748-4',
    cda: (x) => mutateXml(x, /code="18748-4"/, 'code="11528-7"'), fhir: (b) => { composition(b).type.coding[0].code = '11528-7'; } },
  { ruleId: 'report.what.study', what: 'no body part and no study type',
    cda: (x) => mutateXml(x, /(<serviceEvent[^>]*>\s*<id [^>]*\/>)\s*<code [\s\S]*?<\/code>/, '$1'),
    fhir: (b) => { const s = resource(b, 'ImagingStudy'); delete s.procedureCode; for (const se of s.series) delete se.bodySite; } },
  { ruleId: 'report.study-reference', what: 'no accession number',
    cda: (x) => mutateXml(x, /<inFulfillmentOf>[\s\S]*?<\/inFulfillmentOf>/, ''),
    fhir: (b) => { const s = resource(b, 'ImagingStudy'); s.identifier = s.identifier.slice(0, 1); } },
  { ruleId: 'report.why.reason', what: 'no reason / clinical information section',
    cda: (x) => mutateXml(x, /code="55752-0"/, 'code="99999-9"'), fhir: (b) => dropSection(b, '55115-0') },
  { ruleId: 'report.how.procedure', what: 'no procedure section',
    cda: (x) => mutateXml(x, /code="55111-9"([^>]*)>\s*<translation [^>]*\/>/, 'code="99999-9"$1>'), fhir: (b) => dropSection(b, '55111-9') },
  { ruleId: 'report.results.findings', what: 'findings without text',
    cda: (x) => mutateXml(x, /(code="59776-5"[\s\S]*?<text>)[\s\S]*?(<\/text>)/, '$1$2'), fhir: (b) => { section(b, '59776-5').text.div = EMPTY_DIV; } },
  { ruleId: 'report.conclusion', what: 'no conclusion text',
    cda: (x) => mutateXml(x, /(code="19005-8"[\s\S]*?<text>)[\s\S]*?(<\/text>)/, '$1$2'), fhir: (b) => { section(b, '19005-8').text.div = EMPTY_DIV; } },
  { ruleId: 'report.language', what: 'no language tag',
    cda: (x) => mutateXml(x, /<languageCode [^>]*\/>/, ''), fhir: (b) => { delete composition(b).language; delete b.language; } },
  { ruleId: 'report.birads', what: 'mammography without BI-RADS entry', pick: hasModality('MG'),
    cda: (x) => mutateXml(x, /<entry><observation classCode="OBS" moodCode="EVN"><code code="111005"[\s\S]*?<\/entry>/, ''),
    fhir: (b) => { delete section(b, '19005-8').entry; } },
  { ruleId: 'report.exposure', what: 'CT without radiation exposure section', pick: (r) => r.study.exposure !== undefined,
    cda: (x) => mutateXml(x, /<component><section><templateId root="1\.2\.840\.10008\.9\.8"\/>[\s\S]*?<\/section><\/component>/, ''), fhir: (b) => { section(b, '73569-6').code.coding[0].code = '99999-9'; } },
];

describe('each content rule fails on the same defect in both formats, under the same rule id', () => {
  it('the table covers every content rule', () => {
    expect(CONTENT_DEFECTS.map((d) => d.ruleId).sort()).toEqual(REPORT_CONTENT_RULES.map((r) => r.id).sort());
  });

  for (const defect of CONTENT_DEFECTS) {
    it(`${defect.ruleId}: ${defect.what}`, () => {
      const r = defect.pick ? firstRendered(defect.pick) : renderedReports()[0]!;
      const cda = cdaRun(defect.cda(r.cdaXml));
      const fhir = fhirRun(mutateJson(r.fhirJson, defect.fhir));
      expect(ids(cda)).toContain(defect.ruleId);
      expect(ids(fhir)).toContain(defect.ruleId);
      for (const run of [cda, fhir]) {
        const f = run.findings.find((x) => x.ruleId === defect.ruleId)!;
        expect(f.subject).toBe(subjectName);
        expect(f.path).not.toBe('');
        expect(run.harnessErrors).toEqual([]);
      }
    });
  }

  it('BI-RADS and exposure are what the exchange profile adds: the same defects pass under base', () => {
    const mg = firstRendered(hasModality('MG'));
    const noBirads = CONTENT_DEFECTS.find((d) => d.ruleId === 'report.birads')!;
    expect(ids(cdaRun(noBirads.cda(mg.cdaXml), 'base'))).toEqual([]);
    expect(ids(fhirRun(mutateJson(mg.fhirJson, noBirads.fhir), 'base'))).toEqual([]);
    const ct = firstRendered((r) => r.study.exposure !== undefined);
    const noDose = CONTENT_DEFECTS.find((d) => d.ruleId === 'report.exposure')!;
    const run = cdaRun(noDose.cda(ct.cdaXml), 'ehdsi-orcd');
    expect(run.findings.map((f) => [f.ruleId, f.severity])).toEqual([['report.exposure', 'warning']]);
    expect(ids(cdaRun(noDose.cda(ct.cdaXml), 'base'))).toEqual([]);
  });
});

describe('CDA structure rules', () => {
  const r = renderedReports()[0]!;

  it('report.cda.document: not XML, or not a v3 ClinicalDocument; content rules stay silent', () => {
    expect(ids(cdaRun('<ClinicalDocument'))).toEqual(['report.cda.document']);
    expect(ids(cdaRun('<ClinicalDocument xmlns="urn:example"/>'))).toEqual(['report.cda.document']);
    expect(cdaRun(new Uint8Array([0xff, 0xfe, 0x00])).findings.map((f) => f.ruleId)).toEqual(['report.cda.document']);
  });

  it('report.cda.template: the PS3.20 Imaging Report templateId is missing', () => {
    expect(ids(cdaRun(mutateXml(r.cdaXml, /root="1\.2\.840\.10008\.9\.1"/, 'root="1.2.840.10008.9.99"')))).toEqual(['report.cda.template']);
  });

  it('report.cda.section-codes: a PS3.20 impression template on a section with another code', () => {
    const run = cdaRun(mutateXml(r.cdaXml, /code="19005-8"/, 'code="99999-9"'));
    expect(ids(run)).toEqual(['report.cda.section-codes']);
    expect(run.findings[0]!.path).toMatch(/^\/ClinicalDocument\/component\/structuredBody\/component\[\d+\]\/section\/code$/);
  });
});

describe('FHIR structure rules', () => {
  const r = renderedReports()[0]!;

  it('report.fhir.document: not JSON, not a Bundle, not a document, Composition not first', () => {
    expect(ids(fhirRun('{"resourceType":'))).toEqual(['report.fhir.document']);
    expect(ids(fhirRun({ resourceType: 'Patient' }))).toEqual(['report.fhir.document']);
    expect(ids(fhirRun(mutateJson(r.fhirJson, (b) => { b.type = 'collection'; })))).toEqual(['report.fhir.document']);
    const reordered = fhirRun(mutateJson(r.fhirJson, (b) => { b.entry.push(b.entry.shift()); }));
    expect(ids(reordered)).toContain('report.fhir.document');
    expect(reordered.findings.find((f) => f.ruleId === 'report.fhir.document')!.path).toBe('/entry/0/resource/resourceType');
  });

  it('report.fhir.schema: an R4 violation is reported at its JSON pointer', () => {
    const bundle = mutateJson(r.fhirJson, (b) => { resource(b, 'Patient').gender = 'f'; });
    const index = bundle.entry.findIndex((e: Json) => e.resource.resourceType === 'Patient');
    const run = fhirRun(bundle);
    expect(ids(run)).toEqual(['report.fhir.schema']);
    expect(run.findings[0]!.path).toBe(`/entry/${index}/resource/gender`);
  });

  it('report.fhir.references: a reference that leaves the Bundle', () => {
    const run = fhirRun(mutateJson(r.fhirJson, (b) => { composition(b).custodian.reference = 'urn:uuid:00000000-0000-5000-8000-000000000000'; }));
    expect(ids(run)).toEqual(['report.fhir.references']);
    expect(run.findings[0]!.path).toBe('/entry/0/resource/custodian/reference');
  });
});

describe('the families', () => {
  it('name only catalogue requirements, and rule ids are unique and dotted under report.', async () => {
    const { unknownRequirementIds } = await import('../requirements.ts');
    for (const family of [cdaReportFamily, fhirReportFamily]) {
      const rules = family.rules as readonly { id: string; requirements: readonly string[] }[];
      expect(unknownRequirementIds(rules.flatMap((r) => r.requirements))).toEqual([]);
      expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
      expect(rules.every((r) => /^report\.[a-z-]+(\.[a-z-]+)*$/.test(r.id))).toBe(true);
    }
  });
});
