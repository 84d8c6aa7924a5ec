import { describe, expect, it } from 'vitest';
import { parseXmlSafely } from '../soap/safe-xml.ts';
import { attr, elements, textOf, type XmlElement } from '../soap/xml-tree.ts';
import { renderCdaImagingReport } from './cda-report.ts';
import { firstReported, reportWorld } from './cda-test-inputs.ts';
import { cdaTimestamp } from './cda-values.ts';

const V3 = 'urn:hl7-org:v3';
const PS320 = 'urn:dicom-org:ps3-20';

/** Elements along a slash path of local names (any namespace), from `root`. */
function all(root: XmlElement, path: string): XmlElement[] {
  return path.split('/').reduce<XmlElement[]>((acc, name) => acc.flatMap((e) => elements(e).filter((c) => c.local === name)), [root]);
}
function one(root: XmlElement, path: string): XmlElement {
  const found = all(root, path);
  if (found.length === 0) throw new Error(`no ${path}`);
  return found[0]!;
}
const sectionCodes = (doc: XmlElement) => all(doc, 'component/structuredBody/component/section/code').map((c) => attr(c, 'code'));

describe('renderCdaImagingReport', () => {
  const { world } = reportWorld();
  const cz = firstReported((r) => r.ws.country.code === 'CZ');
  const cda = renderCdaImagingReport(cz.ws, { uidRoot: world.uidRoot });
  const doc = parseXmlSafely(cda.bytes);
  const report = cz.ws.report!;

  it('writes the header: ids, LOINC 18748-4, language, PS3.20 templates', () => {
    expect(doc.ns).toBe(V3);
    expect(cda.uniqueId).toBe(report.id);
    expect(cda.mimeType).toBe('text/xml');
    expect(attr(one(doc, 'id'), 'root')).toBe(report.id);
    expect(attr(one(doc, 'code'), 'code')).toBe('18748-4');
    expect(attr(one(doc, 'code'), 'codeSystem')).toBe('2.16.840.1.113883.6.1');
    expect(attr(one(doc, 'languageCode'), 'code')).toBe('cs-CZ');
    expect(attr(one(doc, 'confidentialityCode'), 'code')).toBe('N');
    expect(all(doc, 'templateId').map((t) => attr(t, 'root'))).toEqual(['1.2.840.10008.9.1', '1.2.840.10008.9.20', '1.2.840.10008.9.21']);
    expect(attr(one(doc, 'effectiveTime'), 'value')).toBe(cdaTimestamp(report.dateTime.slice(0, 8), report.dateTime.slice(8), 'Europe/Prague'));
  });

  it('identifies the patient by national id under the scheme OID and keeps non-ASCII names', () => {
    const id = one(doc, 'recordTarget/patientRole/id');
    expect(attr(id, 'root')).toBe(cz.ws.country.nationalIdScheme.oid);
    expect(attr(id, 'extension')).toBe(cz.ws.patient.id);
    expect(textOf(one(doc, 'recordTarget/patientRole/patient/name/family'))).toBe(cz.ws.patient.name.family);
    expect(cz.ws.patient.name.family).toMatch(/[^\x00-\x7f]/);
    expect(attr(one(doc, 'recordTarget/patientRole/patient/birthTime'), 'value')).toBe(cz.ws.patient.birthDate);
  });

  it('names the radiologist as author and legal authenticator, the facility as custodian', () => {
    expect(textOf(one(doc, 'author/assignedAuthor/assignedPerson/name/family'))).toBe(report.author.family);
    expect(textOf(one(doc, 'legalAuthenticator/assignedEntity/assignedPerson/name/family'))).toBe(report.author.family);
    expect(textOf(one(doc, 'custodian/assignedCustodian/representedCustodianOrganization/name'))).toBe(cz.ws.facility.name);
  });

  it('carries the accession number under its issuer OID (order id and ps3-20:accessionNumber)', () => {
    for (const e of [one(doc, 'inFulfillmentOf/order/id'), one(doc, 'inFulfillmentOf/order/accessionNumber')]) {
      expect(attr(e, 'root')).toBe(cz.ws.facility.accessionIssuerOid);
      expect(attr(e, 'extension')).toBe(cz.ws.study.accessionNumber);
    }
    expect(one(doc, 'inFulfillmentOf/order/accessionNumber').ns).toBe(PS320);
  });

  it('documents the study as service event: Study Instance UID, procedure LOINC, start time', () => {
    expect(attr(one(doc, 'documentationOf/serviceEvent/id'), 'root')).toBe(cz.ws.study.studyInstanceUid);
    expect(attr(one(doc, 'documentationOf/serviceEvent/code'), 'code')).toBe(cz.ws.study.procedure!.code);
    expect(attr(one(doc, 'documentationOf/serviceEvent/effectiveTime/low'), 'value')).toMatch(new RegExp(`^${cz.ws.study.date}${cz.ws.study.time}[+-]\\d{4}$`));
  });

  it('has the catalog first, then clinical information, procedure, findings, conclusion (and recommendation when given)', () => {
    const expected = ['121181', '55752-0', '55111-9', '59776-5', '19005-8', ...(report.recommendation ? ['18783-1'] : [])];
    expect(sectionCodes(doc)).toEqual(expected);
    const withRecommendation = firstReported((r) => r.ws.report?.recommendation !== undefined);
    const other = parseXmlSafely(renderCdaImagingReport(withRecommendation.ws, { uidRoot: world.uidRoot }).bytes);
    expect(sectionCodes(other)).toContain('18783-1');
  });

  it('keeps the report text in its original language (REP-08)', () => {
    const sections = all(doc, 'component/structuredBody/component/section');
    const byCode = (code: string) => sections.find((s) => attr(one(s, 'code'), 'code') === code)!;
    expect(textOf(one(byCode('59776-5'), 'text'))).toBe(report.findings);
    expect(textOf(one(byCode('19005-8'), 'text'))).toBe(report.conclusion);
    expect(textOf(one(byCode('55752-0'), 'text'))).toBe(report.reason);
    expect(textOf(one(byCode('59776-5'), 'title'))).toBe('Popis');
  });

  it('catalogues every instance of the study by series', () => {
    const studyAct = one(doc, 'component/structuredBody/component/section/entry/act');
    expect(attr(one(studyAct, 'id'), 'root')).toBe(cz.ws.study.studyInstanceUid);
    const seriesActs = all(studyAct, 'entryRelationship/act');
    expect(seriesActs.map((s) => attr(one(s, 'id'), 'root'))).toEqual(cz.ws.study.series.map((s) => s.seriesInstanceUid));
    const sops = all(studyAct, 'entryRelationship/act/entryRelationship/observation');
    expect(sops.map((o) => attr(one(o, 'id'), 'root'))).toEqual(cz.ws.study.series.flatMap((s) => s.instances.map((i) => i.sopInstanceUid)));
    expect(sops.every((o) => attr(o, 'classCode') === 'DGIMG')).toBe(true);
  });

  it('adds the radiation exposure section inside the procedure section when the study has a dose record (UC-546)', () => {
    const ct = firstReported((r) => r.exposure !== undefined);
    const exposure = ct.exposure!;
    const ctDoc = parseXmlSafely(renderCdaImagingReport(ct.ws, { uidRoot: world.uidRoot, exposure }).bytes);
    const procedure = all(ctDoc, 'component/structuredBody/component/section').find((s) => attr(one(s, 'code'), 'code') === '55111-9')!;
    const radiation = one(procedure, 'component/section');
    expect(attr(one(radiation, 'code'), 'code')).toBe('73569-6');
    expect(attr(one(radiation, 'templateId'), 'root')).toBe('1.2.840.10008.9.8');
    const values = all(radiation, 'entry/observation').map((o) => [attr(one(o, 'code'), 'code'), attr(one(o, 'value'), 'value') ?? attr(one(o, 'value'), 'code')]);
    expect(values).toEqual([
      ...exposure.phases.flatMap((p) => [['113830', String(p.ctdiVolMGy)], ['113838', String(p.dlpMGyCm)]]),
      ['113813', String(exposure.totalDlpMGyCm)],
      ['113839', String(exposure.effectiveDoseMSv)],
      ['82810-3', exposure.pregnancyStatus === 4 ? '261665006' : expect.any(String)],
    ]);
    expect(sectionCodes(parseXmlSafely(renderCdaImagingReport(ct.ws, { uidRoot: world.uidRoot }).bytes))).not.toContain('73569-6');
  });

  it('is deterministic and takes a given custodian', () => {
    expect(Buffer.from(renderCdaImagingReport(cz.ws, { uidRoot: world.uidRoot }).bytes).equals(Buffer.from(cda.bytes))).toBe(true);
    const custom = parseXmlSafely(renderCdaImagingReport(cz.ws, { uidRoot: world.uidRoot, custodian: { name: 'FN Motol', oid: '1.2.203.99' } }).bytes);
    expect(attr(one(custom, 'custodian/assignedCustodian/representedCustodianOrganization/id'), 'root')).toBe('1.2.203.99');
  });

  it('refuses a study without report', () => {
    const { report: _dropped, ...noReport } = cz.ws;
    expect(() => renderCdaImagingReport(noReport, { uidRoot: world.uidRoot })).toThrow(/has no report/);
  });
});

describe('cdaTimestamp', () => {
  it('appends the site offset, winter and summer', () => {
    expect(cdaTimestamp('20240312', '101500', 'Europe/Paris')).toBe('20240312101500+0100');
    expect(cdaTimestamp('20240701', '101500', 'Europe/Paris')).toBe('20240701101500+0200');
  });
});

describe('renderCdaImagingReport: PS3.20 comparison and BI-RADS', () => {
  const { world } = reportWorld();

  it('adds the Comparison Study section (18834-2, 1.2.840.10008.9.4) after the procedure when a prior study is given', () => {
    const withPrior = firstReported((r) => r.comparison !== undefined);
    const doc = parseXmlSafely(renderCdaImagingReport(withPrior.ws, { uidRoot: world.uidRoot, comparison: withPrior.comparison! }).bytes);
    const codes = sectionCodes(doc);
    expect(codes.indexOf('18834-2')).toBe(codes.indexOf('55111-9') + 1);
    const section = all(doc, 'component/structuredBody/component/section').find((s) => attr(one(s, 'code'), 'code') === '18834-2')!;
    expect(attr(one(section, 'templateId'), 'root')).toBe('1.2.840.10008.9.4');
    expect(textOf(one(section, 'text'))).toContain(withPrior.comparison!.accessionNumber);
    expect(sectionCodes(parseXmlSafely(renderCdaImagingReport(withPrior.ws, { uidRoot: world.uidRoot }).bytes))).not.toContain('18834-2');
  });

  it('states the BI-RADS category as a coded entry of the impression for breast imaging (UC-545)', () => {
    const breast = firstReported((r) => r.ws.report?.birads !== undefined);
    const doc = parseXmlSafely(renderCdaImagingReport(breast.ws, { uidRoot: world.uidRoot }).bytes);
    const impression = all(doc, 'component/structuredBody/component/section').find((s) => attr(one(s, 'code'), 'code') === '19005-8')!;
    const observation = one(impression, 'entry/observation');
    expect(attr(one(observation, 'code'), 'code')).toBe('111005');
    expect(attr(one(observation, 'value'), 'code')).toBeTruthy();
    const other = firstReported((r) => r.ws.report?.birads === undefined);
    const otherDoc = parseXmlSafely(renderCdaImagingReport(other.ws, { uidRoot: world.uidRoot }).bytes);
    expect(all(otherDoc, 'component/structuredBody/component/section/entry/observation')).toEqual([]);
  });
});
