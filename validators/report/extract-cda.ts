/**
 * CDA imaging report (DICOM PS3.20, CDA R2) → `ExtractedReport`. Reads by namespace-resolved
 * local names under urn:hl7-org:v3, so any prefix the sender chose works. Never throws on a
 * malformed document: what is absent stays absent and the rules decide.
 */
import { parseXmlSafely } from '../../simulators/soap/safe-xml.ts';
import { attr, elements, textOf, type XmlElement } from '../../simulators/soap/xml-tree.ts';
import type { ExtractedCode, ExtractedReport, ExtractedSection } from './extracted-report.ts';
import { biradsCategoryField, BIRADS_CONCEPT } from '../codes/birads.ts';
import { DCM, SCT } from '../codes/coding-schemes.ts';
import { DOSE, sectionKindOf } from './report-codes.ts';

const V3 = 'urn:hl7-org:v3';
const PS320 = 'urn:dicom-org:ps3-20';

/** What the CDA family judges: the parsed tree (absent when it could not be parsed) and its content. */
export interface CdaReportSubject {
  readonly document?: XmlElement;
  readonly parseError?: string;
  readonly extracted: ExtractedReport;
}

const kids = (e: XmlElement | undefined, local: string, ns = V3): XmlElement[] => (e ? elements(e, ns, local) : []);
const kid = (e: XmlElement | undefined, local: string, ns = V3): XmlElement | undefined => kids(e, local, ns)[0];
/** First element along a path of v3 local names. */
function at(e: XmlElement | undefined, path: string): XmlElement | undefined {
  return path.split('/').reduce<XmlElement | undefined>((cur, name) => kid(cur, name), e);
}
const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
/** Narrative text with a space between elements, so paragraphs do not run together. */
function narrativeText(e: XmlElement | undefined): string {
  if (!e) return '';
  return collapse(e.children.map((c) => (typeof c === 'string' ? c : ` ${narrativeText(c)} `)).join(''));
}
const nonEmpty = (s: string | undefined) => (s !== undefined && s.trim() !== '' ? s.trim() : undefined);

function codeOf(e: XmlElement | undefined): ExtractedCode | undefined {
  const code = e ? nonEmpty(attr(e, 'code')) : undefined;
  if (!e || !code) return undefined;
  const system = attr(e, 'codeSystem');
  const display = attr(e, 'displayName');
  return { code, ...(system ? { system } : {}), ...(display ? { display } : {}) };
}

function personName(name: XmlElement | undefined): string | undefined {
  if (!name) return undefined;
  const parts = [...kids(name, 'given'), ...kids(name, 'family')].map((p) => collapse(textOf(p))).filter((p) => p !== '');
  return parts.length ? parts.join(' ') : nonEmpty(collapse(textOf(name)));
}

/** HL7 TS (YYYYMMDD[HHMM[SS]][±ZZZZ]) → ISO 8601; anything else is returned as written. */
export function isoFromTs(ts: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?(?:\.\d+)?)?([+-]\d{2})?(\d{2})?$/.exec(ts);
  if (!m) return ts;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  if (m[4] === undefined) return date;
  const zone = m[7] !== undefined ? `${m[7]}:${m[8] ?? '00'}` : '';
  return `${date}T${m[4]}:${m[5]}:${m[6] ?? '00'}${zone}`;
}

function sectionsOf(parent: XmlElement, path: string): ExtractedSection[] {
  return kids(parent, 'component').flatMap((component, i) => {
    const section = kid(component, 'section');
    if (!section) return [];
    const spath = `${path}/component[${i}]/section`;
    const code = kid(section, 'code');
    const codes = [code ? attr(code, 'code') : undefined, ...kids(code, 'translation').map((t) => attr(t, 'code'))];
    const extracted = codeOf(code);
    const title = nonEmpty(textOf(kid(section, 'title')));
    return [{
      kind: sectionKindOf(codes),
      ...(extracted ? { code: extracted } : {}),
      ...(title ? { title } : {}),
      text: narrativeText(kid(section, 'text')),
      path: spath,
      subsections: sectionsOf(section, spath),
    }];
  });
}

/** `<observation>`s of a section's entries, with their paths. */
function observations(section: XmlElement, path: string): { obs: XmlElement; path: string }[] {
  return kids(section, 'entry').flatMap((entry, i) => kids(entry, 'observation').map((obs) => ({ obs, path: `${path}/entry[${i}]/observation` })));
}

function sectionElements(body: XmlElement | undefined, path: string): { el: XmlElement; path: string }[] {
  if (!body) return [];
  return kids(body, 'component').flatMap((c, i) => {
    const s = kid(c, 'section');
    if (!s) return [];
    const spath = `${path}/component[${i}]/section`;
    return [{ el: s, path: spath }, ...sectionElements(s, spath)];
  });
}

export function extractCdaDocument(doc: XmlElement): ExtractedReport {
  const root = '/ClinicalDocument';
  const id = kid(doc, 'id');
  const docCode = codeOf(kid(doc, 'code'));
  const effective = kid(doc, 'effectiveTime');
  const effectiveValue = effective ? nonEmpty(attr(effective, 'value')) : undefined;
  const title = nonEmpty(collapse(textOf(kid(doc, 'title'))));
  const languageEl = kid(doc, 'languageCode');
  const language = languageEl ? nonEmpty(attr(languageEl, 'code')) : undefined;

  const patientRole = at(doc, 'recordTarget/patientRole');
  const patientId = kid(patientRole, 'id');
  const pid = patientId ? nonEmpty(attr(patientId, 'extension')) : undefined;
  const patientEl = kid(patientRole, 'patient');
  const birth = kid(patientEl, 'birthTime');
  const gender = kid(patientEl, 'administrativeGenderCode');
  const patientName = personName(kid(patientEl, 'name'));

  const authorName = personName(at(doc, 'author/assignedAuthor/assignedPerson/name'));
  const legal = kid(doc, 'legalAuthenticator');
  const legalName = personName(at(legal, 'assignedEntity/assignedPerson/name'));

  const order = at(doc, 'inFulfillmentOf/order');
  const accessionEl = kid(order, 'accessionNumber', PS320) ?? kid(order, 'id');
  const accession = accessionEl ? nonEmpty(attr(accessionEl, 'extension')) : undefined;
  const accessionPath = kid(order, 'accessionNumber', PS320) ? `${root}/inFulfillmentOf/order/ps3-20:accessionNumber` : `${root}/inFulfillmentOf/order/id`;

  const serviceEvent = at(doc, 'documentationOf/serviceEvent');
  const serviceCode = kid(serviceEvent, 'code');
  const translations = kids(serviceCode, 'translation');
  const procedure = codeOf(serviceCode);
  const bodyPart = codeOf(translations.find((t) => attr(t, 'codeSystem') === SCT.oid));
  const low = at(serviceEvent, 'effectiveTime/low');
  const studyStart = low ? nonEmpty(attr(low, 'value')) : undefined;

  const body = at(doc, 'component/structuredBody');
  const bodyPath = `${root}/component/structuredBody`;
  const all = sectionElements(body, bodyPath);
  const catalog = all.find((s) => sectionKindOf([attr(kid(s.el, 'code') ?? s.el, 'code')]) === 'catalog');
  const studyAct = catalog ? kids(catalog.el, 'entry').map((e) => kid(e, 'act')).find((a) => a !== undefined) : undefined;
  const serviceUid = nonEmpty(attr(kid(serviceEvent, 'id') ?? doc, 'root'));
  const catalogUid = nonEmpty(attr(kid(studyAct, 'id') ?? doc, 'root'));
  const studyUid = kid(serviceEvent, 'id') && serviceUid ? { value: serviceUid, path: `${root}/documentationOf/serviceEvent/id/@root` }
    : studyAct && catalogUid ? { value: catalogUid, path: `${catalog!.path}/entry/act/id/@root` } : undefined;

  const series = kids(studyAct, 'entryRelationship').flatMap((er) => kids(er, 'act')).map((act) => {
    const qualifierValue = at(act, 'code/qualifier/value');
    const modality = qualifierValue ? nonEmpty(attr(qualifierValue, 'code')) : undefined;
    return {
      uid: attr(kid(act, 'id') ?? act, 'root') ?? '',
      ...(modality ? { modality } : {}),
      instances: kids(act, 'entryRelationship').flatMap((r) => kids(r, 'observation')).map((o) => {
        const sopClassUid = nonEmpty(attr(kid(o, 'code') ?? o, 'code'));
        return { uid: attr(kid(o, 'id') ?? o, 'root') ?? '', ...(sopClassUid ? { sopClassUid } : {}) };
      }),
    };
  });
  const modalities = [...new Set([
    ...translations.filter((t) => attr(t, 'codeSystem') === DCM.oid).map((t) => attr(t, 'code') ?? ''),
    ...series.map((s) => s.modality ?? ''),
  ].filter((m) => m !== ''))];

  const sections = body ? sectionsOf(body, bodyPath) : [];
  const kindOf = (s: XmlElement) => {
    const code = kid(s, 'code');
    return sectionKindOf([code ? attr(code, 'code') : undefined, ...kids(code, 'translation').map((t) => attr(t, 'code'))]);
  };
  const biradsObs = all.filter((s) => kindOf(s.el) === 'conclusion').flatMap((s) => observations(s.el, s.path))
    .find((o) => attr(kid(o.obs, 'code') ?? o.obs, 'code') === BIRADS_CONCEPT);
  const biradsValue = codeOf(kid(biradsObs?.obs, 'value'));
  const radiation = all.find((s) => kindOf(s.el) === 'radiation');
  const doseValue = (concept: string): number | undefined => {
    const o = radiation ? observations(radiation.el, radiation.path).find((x) => attr(kid(x.obs, 'code') ?? x.obs, 'code') === concept) : undefined;
    const v = o ? Number(attr(kid(o.obs, 'value') ?? o.obs, 'value')) : NaN;
    return Number.isFinite(v) ? v : undefined;
  };
  const totalDlp = doseValue(DOSE.dlpTotal);
  const effectiveDose = doseValue(DOSE.effectiveDose);

  return {
    format: 'cda',
    ...(id && nonEmpty(attr(id, 'root')) ? { documentId: { value: attr(id, 'root')!, path: `${root}/id/@root` } } : {}),
    ...(docCode ? { documentType: { value: docCode, path: `${root}/code` } } : {}),
    ...(effectiveValue ? { date: { value: isoFromTs(effectiveValue), path: `${root}/effectiveTime/@value` } } : {}),
    ...(title ? { title: { value: title, path: `${root}/title` } } : {}),
    ...(language ? { language: { value: language, path: `${root}/languageCode/@code` } } : {}),
    ...(pid ? {
      patient: {
        value: {
          id: pid,
          ...(nonEmpty(attr(patientId!, 'root')) ? { issuerOid: attr(patientId!, 'root')! } : {}),
          ...(patientName ? { name: patientName } : {}),
          ...(birth && nonEmpty(attr(birth, 'value')) ? { birthDate: isoFromTs(attr(birth, 'value')!) } : {}),
          ...(gender && nonEmpty(attr(gender, 'code')) ? { sex: attr(gender, 'code')! } : {}),
        },
        path: `${root}/recordTarget/patientRole/id`,
      },
    } : {}),
    ...(kid(doc, 'author') ? { author: { ...(authorName ? { name: authorName } : {}), path: `${root}/author/assignedAuthor` } } : {}),
    ...(legal ? { legalAuthenticator: { ...(legalName ? { name: legalName } : {}), path: `${root}/legalAuthenticator/assignedEntity` } } : {}),
    ...(accession ? { accession: { value: { value: accession, ...(nonEmpty(attr(accessionEl!, 'root')) ? { issuerOid: attr(accessionEl!, 'root')! } : {}) }, path: accessionPath } } : {}),
    ...(studyUid ? { studyInstanceUid: studyUid } : {}),
    modalities,
    ...(bodyPart ? { bodyPart: { value: bodyPart, path: `${root}/documentationOf/serviceEvent/code/translation` } } : {}),
    ...(procedure ? { procedureCode: { value: procedure, path: `${root}/documentationOf/serviceEvent/code` } } : {}),
    ...(studyStart ? { studyDate: { value: isoFromTs(studyStart), path: `${root}/documentationOf/serviceEvent/effectiveTime/low/@value` } } : {}),
    series,
    sections,
    ...(biradsObs && biradsValue ? {
      birads: { code: biradsValue, ...biradsCategoryField(biradsValue.code), path: biradsObs.path },
    } : {}),
    ...(radiation ? {
      exposure: {
        present: true, path: radiation.path,
        ...(totalDlp !== undefined ? { totalDlpMGyCm: totalDlp } : {}),
        ...(effectiveDose !== undefined ? { effectiveDoseMSv: effectiveDose } : {}),
      },
    } : {}),
  };
}

const EMPTY: ExtractedReport = { format: 'cda', modalities: [], series: [], sections: [] };

/** Parses and extracts; a document that cannot be parsed, or is no v3 ClinicalDocument, yields an empty model and the reason. */
export function readCdaReport(bytes: string | Uint8Array): CdaReportSubject {
  let doc: XmlElement;
  try {
    doc = parseXmlSafely(bytes);
  } catch (err) {
    return { parseError: err instanceof Error ? err.message : String(err), extracted: EMPTY };
  }
  if (doc.ns !== V3 || doc.local !== 'ClinicalDocument') {
    return { document: doc, parseError: `root element is {${doc.ns}}${doc.local}, not {${V3}}ClinicalDocument`, extracted: EMPTY };
  }
  return { document: doc, extracted: extractCdaDocument(doc) };
}

/** The content model of a CDA imaging report (undefined when it cannot be parsed). */
export function extractCdaReport(bytes: string | Uint8Array): ExtractedReport | undefined {
  const subject = readCdaReport(bytes);
  return subject.parseError ? undefined : subject.extracted;
}
