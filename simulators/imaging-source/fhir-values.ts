/**
 * FHIR R4 data types as the imaging report Bundle writes them: code systems by URI, deterministic
 * `urn:uuid:` ids, ISO 8601 date-times with the site offset, and XHTML narrative divs. The CDA
 * renderer names the same code systems by OID (cda-values.ts); this table is the URI side.
 */
import { createHash } from 'node:crypto';
import type { Code } from '../../fixtures/model.ts';
import { BI_RADS_SCHEME_OID } from './cda-birads.ts';
import type { CdaCode } from './cda-values.ts';
import { CODING_SCHEME } from './document-entry.ts';

export const FHIR_SYSTEM = {
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  dcm: 'http://dicom.nema.org/resources/ontology/DCM',
  dicomUid: 'urn:dicom:uid',
  rfc3986: 'urn:ietf:rfc:3986',
  v2_0203: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  v2_0074: 'http://terminology.hl7.org/CodeSystem/v2-0074',
  ucum: 'http://unitsofmeasure.org',
} as const;

export interface Coding {
  readonly system: string;
  readonly code: string;
  readonly display?: string;
}

const SYSTEM_BY_OID: Readonly<Record<string, string>> = {
  [CODING_SCHEME.LN]: FHIR_SYSTEM.loinc,
  [CODING_SCHEME.SCT]: FHIR_SYSTEM.snomed,
  [CODING_SCHEME.DCM]: FHIR_SYSTEM.dcm,
};
const SYSTEM_BY_DESIGNATOR: Readonly<Record<string, string>> = { LN: FHIR_SYSTEM.loinc, SCT: FHIR_SYSTEM.snomed, DCM: FHIR_SYSTEM.dcm };

/** A CDA code as a FHIR Coding; a code system without a registered URI keeps its OID as `urn:oid:` (BI-RADS lexicon). */
export function codingOf(c: CdaCode): Coding {
  return { system: SYSTEM_BY_OID[c.codeSystem] ?? `urn:oid:${c.codeSystem}`, code: c.code, display: c.displayName };
}

export function modelCoding(c: Code): Coding {
  return { system: SYSTEM_BY_DESIGNATOR[c.scheme] ?? `urn:oid:${c.scheme}`, code: c.code, display: c.meaning };
}

export const BI_RADS_SYSTEM = `urn:oid:${BI_RADS_SCHEME_OID}`;

/** A name-based UUID (RFC 4122 layout, version 5 bits) from the parts: same study, same ids. */
export function stableUuid(...parts: readonly string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** YYYYMMDD → YYYY-MM-DD (FHIR date). */
export function fhirDate(dicom: string): string {
  return `${dicom.slice(0, 4)}-${dicom.slice(4, 6)}-${dicom.slice(6, 8)}`;
}

/** CDA TS `YYYYMMDDHHMMSS+hhmm` → FHIR dateTime `YYYY-MM-DDThh:mm:ss+hh:mm`. */
export function fhirDateTime(cdaTs: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})([+-])(\d{2})(\d{2})$/.exec(cdaTs);
  if (!m) throw new Error(`not a CDA timestamp with offset: "${cdaTs}"`);
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7]}${m[8]}:${m[9]}`;
}

function escapeXhtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Narrative div (FHIR xhtml): one `<p>` per paragraph, tagged with the text's language. */
export function narrativeDiv(paragraphs: readonly string[], language: string): string {
  const lang = escapeXhtml(language);
  return `<div xmlns="http://www.w3.org/1999/xhtml" lang="${lang}" xml:lang="${lang}">${paragraphs.map((p) => `<p>${escapeXhtml(p)}</p>`).join('')}</div>`;
}
