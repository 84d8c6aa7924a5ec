/**
 * HL7 v3 data types as the CDA imaging report writes them (II, CD, TS, PN), built as `XmlOut`
 * nodes for `serializeXml`. Coding scheme designators map to OIDs through `xdsCode`, so the CDA
 * and the XDS metadata can never name a code system differently.
 */
import type { Code, PersonName, Sex } from '../../fixtures/model.ts';
import { el, type XmlChild, type XmlOut } from '../soap/xml-write.ts';
import { CODING_SCHEME } from './document-entry.ts';
import { xdsCode } from './xds-codes.ts';
import { localToXdsUtc } from './xds-time.ts';

/** The coded value of a CD/CE element: code, codeSystem OID, codeSystemName, displayName. */
export interface CdaCode {
  readonly code: string;
  readonly codeSystem: string;
  readonly codeSystemName: string;
  readonly displayName: string;
}

export const LOINC_NAME = 'LOINC';

export function loinc(code: string, displayName: string): CdaCode {
  return { code, codeSystem: CODING_SCHEME.LN, codeSystemName: LOINC_NAME, displayName };
}

export function dcm(code: string, displayName: string): CdaCode {
  return { code, codeSystem: CODING_SCHEME.DCM, codeSystemName: 'DCM', displayName };
}

/** A model `Code` (DICOM designator) as a CDA code; an unknown designator throws (via `xdsCode`). */
export function fromModelCode(code: Code): CdaCode {
  const x = xdsCode(code);
  return { code: x.code, codeSystem: x.codingScheme, codeSystemName: code.scheme === 'LN' ? LOINC_NAME : code.scheme === 'SCT' ? 'SNOMED CT' : code.scheme, displayName: x.displayName };
}

export function codeAttrs(c: CdaCode): Record<string, string> {
  return { code: c.code, codeSystem: c.codeSystem, codeSystemName: c.codeSystemName, displayName: c.displayName };
}

/** A CD/CE element, optionally with translations (same concept in other code systems). */
export function codeElement(name: string, c: CdaCode, translations: readonly CdaCode[] = [], extra: XmlChild[] = []): XmlOut {
  return el(name, codeAttrs(c), ...extra, ...translations.map((t) => el('translation', codeAttrs(t))));
}

export function ii(root: string, extension?: string): XmlOut {
  return el('id', { root, extension });
}

/** PN with family and given in CDA order (given, family) as PS3.20 examples write them. */
export function personName(name: PersonName): XmlOut {
  return el('name', undefined, el('given', undefined, name.given), el('family', undefined, name.family));
}

const GENDER: Readonly<Record<Sex, { code: string; displayName: string }>> = {
  F: { code: 'F', displayName: 'Female' },
  M: { code: 'M', displayName: 'Male' },
  // HL7 AdministrativeGender has no "other"; UN (undifferentiated) is the closest code.
  O: { code: 'UN', displayName: 'Undifferentiated' },
};

export function genderCode(sex: Sex | undefined): XmlOut {
  if (!sex) return el('administrativeGenderCode', { nullFlavor: 'UNK' });
  const g = GENDER[sex];
  return el('administrativeGenderCode', { code: g.code, codeSystem: '2.16.840.1.113883.5.1', displayName: g.displayName });
}

const DT14 = /^\d{14}$/;

/**
 * TS with the site's UTC offset (`YYYYMMDDHHMMSS+hhmm`), derived from the same tz conversion the
 * XDS metadata uses, so the CDA effectiveTime and the DocumentEntry creationTime agree.
 */
export function cdaTimestamp(date: string, time: string, timeZone: string): string {
  const local = `${date}${time.slice(0, 6).padEnd(6, '0')}`;
  if (!DT14.test(local)) throw new Error(`not a DICOM date/time: "${date}" "${time}"`);
  const utc = localToXdsUtc(date, time, timeZone);
  const offsetMin = Math.round((asUtcMs(local) - asUtcMs(utc)) / 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

function asUtcMs(dt: string): number {
  return Date.UTC(+dt.slice(0, 4), +dt.slice(4, 6) - 1, +dt.slice(6, 8), +dt.slice(8, 10), +dt.slice(10, 12), +dt.slice(12, 14));
}
