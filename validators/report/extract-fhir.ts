/**
 * FHIR R4 document Bundle (HL7 Europe Imaging Report) → `ExtractedReport`. References are
 * resolved inside the Bundle only (by fullUrl, or by "Type/id"); a reference that does not resolve
 * leaves the fact absent, and the structure rule `report.fhir.references` names it.
 */
import type { ExtractedCode, ExtractedReport, ExtractedSection } from './extracted-report.ts';
import { biradsCategoryField, BIRADS_CONCEPT } from '../codes/birads.ts';
import { DCM } from '../codes/coding-schemes.ts';
import { DOSE, sectionKindOf } from './report-codes.ts';

type Json = Record<string, unknown>;

/** What the FHIR family judges: the parsed JSON (absent when it could not be parsed) and its content. */
export interface FhirReportSubject {
  readonly json?: unknown;
  readonly parseError?: string;
  readonly extracted: ExtractedReport;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const stripOid = (v: string) => v.replace(/^urn:oid:/, '');

interface Entry { readonly resource: Json; readonly path: string; readonly fullUrl?: string }

/** Bundle entries with a resource, and a resolver for references inside the Bundle. */
export function bundleIndex(bundle: Json): { entries: Entry[]; resolve: (ref: unknown) => Entry | undefined } {
  const entries = arr(bundle['entry']).flatMap((e, i): Entry[] => {
    if (!isObject(e) || !isObject(e['resource'])) return [];
    const fullUrl = str(e['fullUrl']);
    return [{ resource: e['resource'], path: `/entry/${i}/resource`, ...(fullUrl ? { fullUrl } : {}) }];
  });
  const resolve = (ref: unknown): Entry | undefined => {
    const target = isObject(ref) ? str(ref['reference']) : undefined;
    if (!target) return undefined;
    return entries.find((e) => e.fullUrl === target || `${String(e.resource['resourceType'])}/${String(e.resource['id'])}` === target);
  };
  return { entries, resolve };
}

function firstCoding(concept: unknown, path: string): { code: ExtractedCode; path: string } | undefined {
  const codings = isObject(concept) ? arr(concept['coding']) : [];
  for (const [i, c] of codings.entries()) {
    const code = isObject(c) ? str(c['code']) : undefined;
    if (isObject(c) && code) {
      const system = str(c['system']);
      const display = str(c['display']);
      return { code: { code, ...(system ? { system } : {}), ...(display ? { display } : {}) }, path: `${path}/coding/${i}` };
    }
  }
  return undefined;
}

function codesOf(concept: unknown): string[] {
  return (isObject(concept) ? arr(concept['coding']) : []).flatMap((c) => (isObject(c) && str(c['code']) ? [str(c['code'])!] : []));
}

function humanName(resource: Json | undefined): string | undefined {
  const name = resource ? arr(resource['name']).find(isObject) : undefined;
  if (!name) return undefined;
  const parts = [...arr(name['given']).map(str), str(name['family'])].filter((p): p is string => p !== undefined);
  return parts.length ? parts.join(' ') : str(name['text']);
}

/** Plain text of an XHTML div: tags dropped, the five XML entities and numeric references decoded. */
export function divText(div: unknown): string {
  if (typeof div !== 'string') return '';
  return div
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ').trim();
}

function sectionsOf(parent: Json, path: string): ExtractedSection[] {
  return arr(parent['section']).flatMap((s, i): ExtractedSection[] => {
    if (!isObject(s)) return [];
    const spath = `${path}/section/${i}`;
    const code = firstCoding(s['code'], `${spath}/code`);
    const title = str(s['title']);
    return [{
      kind: sectionKindOf(codesOf(s['code'])),
      ...(code ? { code: code.code } : {}),
      ...(title ? { title } : {}),
      text: divText(isObject(s['text']) ? s['text']['div'] : undefined),
      path: spath,
      subsections: sectionsOf(s, spath),
    }];
  });
}

function rawSections(parent: Json, path: string): { section: Json; path: string }[] {
  return arr(parent['section']).flatMap((s, i) => {
    if (!isObject(s)) return [];
    const spath = `${path}/section/${i}`;
    return [{ section: s, path: spath }, ...rawSections(s, spath)];
  });
}

export function extractFhirBundle(bundle: Json): ExtractedReport {
  const { entries, resolve } = bundleIndex(bundle);
  const composition = entries.find((e) => e.resource['resourceType'] === 'Composition');
  const c = composition?.resource ?? {};
  const cp = composition?.path ?? '';
  const report = entries.find((e) => e.resource['resourceType'] === 'DiagnosticReport');
  const ofType = (type: string) => (e: Entry | undefined) => (e && e.resource['resourceType'] === type ? e : undefined);

  const identifier = isObject(c['identifier']) ? str(c['identifier']['value']) : undefined;
  const bundleIdentifier = isObject(bundle['identifier']) ? str(bundle['identifier']['value']) : undefined;
  const type = firstCoding(c['type'], `${cp}/type`);
  const date = str(c['date']);
  const title = str(c['title']);
  const language = str(c['language']) ?? str(bundle['language']);

  const patient = ofType('Patient')(resolve(c['subject']));
  const pidIndex = patient ? arr(patient.resource['identifier']).findIndex((i) => isObject(i) && str(i['value'])) : -1;
  const pid = patient && pidIndex >= 0 ? (arr(patient.resource['identifier'])[pidIndex] as Json) : undefined;
  const pidSystem = pid ? str(pid['system']) : undefined;
  const patientName = humanName(patient?.resource);

  const personOf = (ref: unknown): Entry | undefined => {
    const e = resolve(ref);
    if (!e) return undefined;
    if (e.resource['resourceType'] === 'Practitioner') return e;
    if (e.resource['resourceType'] === 'PractitionerRole') return ofType('Practitioner')(resolve(e.resource['practitioner'])) ?? e;
    return undefined;
  };
  const authorIndex = arr(c['author']).findIndex((a) => personOf(a) !== undefined);
  const author = authorIndex >= 0 ? personOf(arr(c['author'])[authorIndex]) : undefined;
  const legalIndex = arr(c['attester']).findIndex((a) => isObject(a) && a['mode'] === 'legal');
  const legalAttester = legalIndex >= 0 ? (arr(c['attester'])[legalIndex] as Json) : undefined;
  const legalPerson = legalAttester ? personOf(legalAttester['party']) : undefined;

  const studyRefs = [...(report ? arr(report.resource['imagingStudy']) : []), ...rawSections(c, cp).flatMap((s) => arr(s.section['entry']))];
  const study = studyRefs.map((r) => ofType('ImagingStudy')(resolve(r))).find((e) => e !== undefined)
    ?? entries.find((e) => e.resource['resourceType'] === 'ImagingStudy');
  const s = study?.resource ?? {};
  const sp = study?.path ?? '';
  const studyIds = arr(s['identifier']);
  const uidIndex = studyIds.findIndex((i) => isObject(i) && i['system'] === 'urn:dicom:uid' && str(i['value']));
  const accIndex = studyIds.findIndex((i) => isObject(i) && codesOf(i['type']).includes('ACSN') && str(i['value']));
  const accession = accIndex >= 0 ? (studyIds[accIndex] as Json) : undefined;
  const accessionSystem = accession ? str(accession['system']) : undefined;
  const series = arr(s['series']).filter(isObject);
  const bodySite = series.map((se, i) => (isObject(se['bodySite']) && str(se['bodySite']['code']) ? { se, i } : undefined)).find((x) => x !== undefined);
  const procedure = arr(s['procedureCode']).map((p, i) => firstCoding(p, `${sp}/procedureCode/${i}`)).find((x) => x !== undefined);
  const modalities = [...new Set([
    ...arr(s['modality']).flatMap((m) => (isObject(m) && str(m['code']) ? [str(m['code'])!] : [])),
    ...series.flatMap((se) => (isObject(se['modality']) && str(se['modality']['code']) ? [str(se['modality']['code'])!] : [])),
  ])];
  const started = str(s['started']);

  const sectionsRaw = rawSections(c, cp);
  const observationIn = (kind: string, concept: string) => {
    for (const sec of sectionsRaw.filter((x) => sectionKindOf(codesOf(x.section['code'])) === kind)) {
      for (const ref of arr(sec.section['entry'])) {
        const o = ofType('Observation')(resolve(ref));
        if (o && arr(isObject(o.resource['code']) ? o.resource['code']['coding'] : []).some((cd) => isObject(cd) && cd['code'] === concept && (cd['system'] === undefined || cd['system'] === DCM.uri))) return o;
      }
    }
    return undefined;
  };
  const biradsObs = observationIn('conclusion', BIRADS_CONCEPT);
  const biradsValue = biradsObs ? firstCoding(biradsObs.resource['valueCodeableConcept'], `${biradsObs.path}/valueCodeableConcept`) : undefined;
  const radiation = sectionsRaw.find((x) => sectionKindOf(codesOf(x.section['code'])) === 'radiation');
  const dose = (concept: string): number | undefined => {
    const o = observationIn('radiation', concept);
    const q = o && isObject(o.resource['valueQuantity']) ? o.resource['valueQuantity']['value'] : undefined;
    return typeof q === 'number' ? q : undefined;
  };
  const totalDlp = dose(DOSE.dlpTotal);
  const effectiveDose = dose(DOSE.effectiveDose);

  return {
    format: 'fhir',
    ...(identifier ? { documentId: { value: stripOid(identifier), path: `${cp}/identifier/value` } }
      : bundleIdentifier ? { documentId: { value: stripOid(bundleIdentifier), path: '/identifier/value' } } : {}),
    ...(type ? { documentType: { value: type.code, path: type.path } } : {}),
    ...(date ? { date: { value: date, path: `${cp}/date` } } : {}),
    ...(title ? { title: { value: title, path: `${cp}/title` } } : {}),
    ...(language ? { language: { value: language, path: str(c['language']) ? `${cp}/language` : '/language' } } : {}),
    ...(pid && str(pid['value']) ? {
      patient: {
        value: {
          id: str(pid['value'])!,
          ...(pidSystem ? { issuerOid: stripOid(pidSystem) } : {}),
          ...(patientName ? { name: patientName } : {}),
          ...(str(patient!.resource['birthDate']) ? { birthDate: str(patient!.resource['birthDate'])! } : {}),
          ...(str(patient!.resource['gender']) ? { sex: str(patient!.resource['gender'])! } : {}),
        },
        path: `${patient!.path}/identifier/${pidIndex}`,
      },
    } : {}),
    ...(author ? { author: { ...(humanName(author.resource) ? { name: humanName(author.resource)! } : {}), path: `${cp}/author/${authorIndex}` } } : {}),
    ...(legalAttester ? { legalAuthenticator: { ...(humanName(legalPerson?.resource) ? { name: humanName(legalPerson?.resource)! } : {}), path: `${cp}/attester/${legalIndex}` } } : {}),
    ...(accession ? { accession: { value: { value: str(accession['value'])!, ...(accessionSystem ? { issuerOid: stripOid(accessionSystem) } : {}) }, path: `${sp}/identifier/${accIndex}` } } : {}),
    ...(uidIndex >= 0 ? { studyInstanceUid: { value: stripOid(str((studyIds[uidIndex] as Json)['value'])!), path: `${sp}/identifier/${uidIndex}/value` } } : {}),
    modalities,
    ...(bodySite ? { bodyPart: { value: firstCoding({ coding: [bodySite.se['bodySite']] }, '')!.code, path: `${sp}/series/${bodySite.i}/bodySite` } } : {}),
    ...(procedure ? { procedureCode: { value: procedure.code, path: procedure.path } } : {}),
    ...(started ? { studyDate: { value: started, path: `${sp}/started` } } : {}),
    series: series.map((se) => ({
      uid: str(se['uid']) ?? '',
      ...(isObject(se['modality']) && str(se['modality']['code']) ? { modality: str(se['modality']['code'])! } : {}),
      instances: arr(se['instance']).filter(isObject).map((inst) => {
        const sop = isObject(inst['sopClass']) ? str(inst['sopClass']['code']) : undefined;
        return { uid: str(inst['uid']) ?? '', ...(sop ? { sopClassUid: stripOid(sop) } : {}) };
      }),
    })),
    sections: composition ? sectionsOf(c, cp) : [],
    ...(biradsObs && biradsValue ? {
      birads: { code: biradsValue.code, ...biradsCategoryField(biradsValue.code.code), path: biradsObs.path },
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

const EMPTY: ExtractedReport = { format: 'fhir', modalities: [], series: [], sections: [] };

/** Parses (bytes, text or an already-parsed value) and extracts; anything but a Bundle object yields an empty model and the reason. */
export function readFhirReport(input: string | Uint8Array | object): FhirReportSubject {
  let json: unknown = input;
  if (typeof input === 'string' || input instanceof Uint8Array) {
    try {
      json = JSON.parse(typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input));
    } catch (err) {
      return { parseError: `not JSON: ${err instanceof Error ? err.message : String(err)}`, extracted: EMPTY };
    }
  }
  if (!isObject(json) || json['resourceType'] !== 'Bundle') {
    return { json, parseError: `not a FHIR Bundle (resourceType ${JSON.stringify(isObject(json) ? json['resourceType'] : typeof json)})`, extracted: EMPTY };
  }
  return { json, extracted: extractFhirBundle(json) };
}

/** The content model of a FHIR imaging report Bundle (undefined when it is not one). */
export function extractFhirReport(input: string | Uint8Array | object): ExtractedReport | undefined {
  const subject = readFhirReport(input);
  return subject.parseError ? undefined : subject.extracted;
}
