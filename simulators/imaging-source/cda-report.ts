/**
 * The study's imaging report as a CDA R2 document (xca-i profile), shaped after DICOM PS3.20
 * "Imaging Report" (1.2.840.10008.9.1, the CDA form of TID 2006) and the X-eHealth imaging
 * report: header with patient, radiologist, custodian and legal authenticator, the order's
 * accession number, the study as service event; body with the DICOM Object Catalog, clinical
 * information, procedure (with radiation exposure when the study has a dose record, UC-546),
 * comparison (when a prior study is given), findings, impression (with the BI-RADS category for
 * breast imaging, UC-545), recommendation and addendum. Text stays in the report's language (REP-08).
 *
 * Pure: same input, same bytes. It validates against ../shared/schemas/cda/CDA_XeH.xsd
 * (cda-report.schema.test.ts).
 */
import type { RadiationExposure } from '../../fixtures/model.ts';
import { deriveUid } from '../../fixtures/dicom/uids.ts';
import { el, serializeXml, type XmlOut } from '../soap/xml-write.ts';
import { biradsObservation } from './cda-birads.ts';
import type { ComparisonStudy } from './cda-comparison.ts';
import { reportContent, type ReportSection } from './cda-content.ts';
import { objectCatalogComponent } from './cda-object-catalog.ts';
import { radiationEntries } from './cda-radiation.ts';
import { CDA_TEMPLATE, sectionComponent } from './cda-sections.ts';
import { cdaTimestamp, codeElement, fromModelCode, genderCode, ii, loinc, personName } from './cda-values.ts';
import { COUNTRY_TIME_ZONE, type WorldStudy } from './study-from-world.ts';
import { CONFIDENTIALITY_NORMAL, modalityCode } from './xds-codes.ts';
import { splitDateTime } from './xds-time.ts';

export interface CdaReportOptions {
  /** Root for the ids the report needs beyond its own (setId, section ids, default custodian id). */
  readonly uidRoot: string;
  /** Custodian organisation; defaults to the facility with an id derived under `uidRoot`. */
  readonly custodian?: { readonly name: string; readonly oid: string };
  /** The study's dose record (UC-546); `worldExposure(world, studyUid)` finds it in a world. */
  readonly exposure?: RadiationExposure;
  /** The prior study of the same patient and region (PS3.20 Comparison Study); `worldPriorStudy(world, studyUid)` finds it. */
  readonly comparison?: ComparisonStudy;
  /** Include the DICOM Object Catalog section (default true). */
  readonly objectCatalog?: boolean;
}

export interface CdaReport {
  readonly xml: string;
  readonly bytes: Uint8Array;
  /** The document's id/@root: the world report id. */
  readonly uniqueId: string;
  readonly mimeType: 'text/xml';
}

export const DIAGNOSTIC_IMAGING_REPORT_CODE = loinc('18748-4', 'Diagnostic imaging study');

const NS = { xmlns: 'urn:hl7-org:v3', 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance', 'xmlns:ps3-20': 'urn:dicom-org:ps3-20' };

function assignedPerson(name: WorldStudy['patient']['name']): XmlOut {
  return el('assignedPerson', undefined, personName(name));
}

function organization(tag: string, org: { name: string; oid: string }): XmlOut {
  return el(tag, undefined, ii(org.oid), el('name', undefined, org.name));
}

export function renderCdaImagingReport(ws: WorldStudy, options: CdaReportOptions): CdaReport {
  const content = reportContent(ws, options.exposure, options.comparison);
  const { report } = content;
  const { patient, study } = ws;
  const zone = COUNTRY_TIME_ZONE[ws.country.code];
  const { date, time } = splitDateTime(report.dateTime);
  const reportTime = cdaTimestamp(date, time, zone);
  const custodian = options.custodian ?? { name: ws.facility.name, oid: deriveUid(options.uidRoot, 'organization', ws.facility.id) };
  const sectionOptions = { uidRoot: options.uidRoot, reportId: report.id };

  // The BI-RADS category is a coded entry of the impression (UC-545); the conclusion text states it too.
  const entriesOf = (s: ReportSection): XmlOut[] => (s.key === 'conclusion' && report.birads ? [biradsObservation(report.birads)] : []);
  const section = (s: ReportSection, subsections: XmlOut[] = []) => sectionComponent(s, { ...sectionOptions, subsections, entries: entriesOf(s) });
  const radiation = content.sections.find((s) => s.key === 'radiation');
  const radiationComponent = radiation && options.exposure
    ? sectionComponent(radiation, { ...sectionOptions, entries: radiationEntries(options.exposure) })
    : undefined;
  const body: XmlOut[] = [
    ...(options.objectCatalog === false ? [] : [objectCatalogComponent(study, content.headings.catalog)]),
    // PS3.20 nests radiation exposure inside the procedure description section.
    ...content.sections.filter((s) => s.key !== 'radiation').map((s) => section(s, s.key === 'procedure' && radiationComponent ? [radiationComponent] : [])),
  ];

  const modalities = [...new Set(study.series.map((s) => s.modality))].flatMap((m) => {
    const c = modalityCode(m);
    return c ? [{ code: c.code, codeSystem: c.codingScheme, codeSystemName: 'DCM', displayName: c.displayName }] : [];
  });
  const serviceCode = study.procedure
    ? codeElement('code', fromModelCode(study.procedure), [...modalities, ...(study.anatomicRegion ? [fromModelCode(study.anatomicRegion)] : [])])
    : undefined;

  const doc = el('ClinicalDocument', NS,
    el('realmCode', { code: 'EU' }),
    el('typeId', { root: '2.16.840.1.113883.1.3', extension: 'POCD_HD000040' }),
    el('templateId', { root: CDA_TEMPLATE.imagingReport }),
    el('templateId', { root: CDA_TEMPLATE.generalHeader }),
    el('templateId', { root: CDA_TEMPLATE.imagingHeader }),
    ii(report.id),
    codeElement('code', DIAGNOSTIC_IMAGING_REPORT_CODE),
    el('title', undefined, study.description ?? study.procedure?.meaning ?? DIAGNOSTIC_IMAGING_REPORT_CODE.displayName),
    el('effectiveTime', { value: reportTime }),
    el('confidentialityCode', { code: CONFIDENTIALITY_NORMAL.code, codeSystem: CONFIDENTIALITY_NORMAL.codingScheme }),
    el('languageCode', { code: `${report.language}-${ws.country.code}` }),
    el('setId', { root: deriveUid(options.uidRoot, 'cda-set', report.id) }),
    el('versionNumber', { value: '1' }),
    el('recordTarget', undefined, el('patientRole', undefined,
      ii(patient.issuer.oid, patient.id),
      el('patient', undefined,
        personName(patient.name),
        genderCode(patient.sex),
        patient.birthDate ? el('birthTime', { value: patient.birthDate }) : el('birthTime', { nullFlavor: 'UNK' })))),
    el('author', undefined,
      el('time', { value: reportTime }),
      el('assignedAuthor', undefined,
        // The world knows radiologists by name only; UNK rather than an invented licence number.
        el('id', { nullFlavor: 'UNK' }),
        assignedPerson(report.author),
        organization('representedOrganization', custodian))),
    el('custodian', undefined, el('assignedCustodian', undefined, organization('representedCustodianOrganization', custodian))),
    el('legalAuthenticator', undefined,
      el('time', { value: reportTime }),
      el('signatureCode', { code: 'S' }),
      el('assignedEntity', undefined, el('id', { nullFlavor: 'UNK' }), assignedPerson(report.author))),
    el('inFulfillmentOf', undefined, el('order', undefined,
      ii(study.accessionIssuer.oid, study.accessionNumber),
      el('ps3-20:accessionNumber', { root: study.accessionIssuer.oid, extension: study.accessionNumber }))),
    el('documentationOf', undefined, el('serviceEvent', { classCode: 'ACT' },
      ii(study.studyInstanceUid),
      serviceCode,
      el('effectiveTime', undefined, el('low', { value: cdaTimestamp(study.date, study.time, zone) })))),
    el('component', undefined, el('structuredBody', undefined, body)),
  );
  const xml = serializeXml(doc, { declaration: true });
  return { xml, bytes: new TextEncoder().encode(xml), uniqueId: report.id, mimeType: 'text/xml' };
}
