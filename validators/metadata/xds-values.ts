/**
 * Value formats of XDS metadata (ITI TF-3 4.2.3.1 data types, 4.2.3.2 DocumentEntry attributes)
 * and how findings name a place inside an ebRIM object. Pure predicates: each answers why a value
 * is wrong, or undefined when it is right.
 */
import type { Classified, RimObject } from '../../simulators/registry/ebrim-model.ts';
import { codes, type CodedValue } from '../../simulators/registry/xds-view.ts';

const OID = /^(0|[1-9]\d*)(\.(0|[1-9]\d*))+$/;

/** ISO OID in dotted form without leading zeros (ITI TF-3 4.2.3.1, OID); DICOM UIDs also cap it at 64 characters. */
export function oidProblem(value: string, maxLength = 64): string | undefined {
  if (!OID.test(value)) return 'is not an OID (dotted numbers without leading zeros)';
  if (value.length > maxLength) return `is ${value.length} characters long, more than ${maxLength}`;
  return undefined;
}

/** DTM (ITI TF-3 4.2.3.1): YYYY[MM[DD[hh[mm[ss]]]]], UTC, each part in range. */
export function dtmProblem(value: string): string | undefined {
  if (!/^\d{4}(\d{2}){0,5}$/.test(value)) return 'is not YYYY[MM[DD[hh[mm[ss]]]]] (4 to 14 digits, no zone, no fraction)';
  const part = (i: number): number | undefined => (value.length >= i + 2 ? Number(value.slice(i, i + 2)) : undefined);
  const [month, day, hour, minute, second] = [part(4), part(6), part(8), part(10), part(12)];
  if (month !== undefined && (month < 1 || month > 12)) return `has month ${month}`;
  if (day !== undefined && (day < 1 || day > 31)) return `has day ${day}`;
  if (hour !== undefined && hour > 23) return `has hour ${hour}`;
  if (minute !== undefined && minute > 59) return `has minute ${minute}`;
  if (second !== undefined && second > 59) return `has second ${second}`;
  return undefined;
}

/** RFC 5646 language tag (the `langtag`, private-use and common grandfathered forms), case-insensitive. */
const LANGTAG =
  /^(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*(?:-[0-9a-wyz](?:-[a-z\d]{2,8})+)*(?:-x(?:-[a-z\d]{1,8})+)?$/i;
const PRIVATE_USE = /^x(?:-[a-z\d]{1,8})+$/i;

export function languageTagProblem(value: string): string | undefined {
  return LANGTAG.test(value) || PRIVATE_USE.test(value) ? undefined : 'is not an RFC 5646 language tag (e.g. "fr-FR")';
}

/** The components of an HL7 v2 CX as XDS writes it; CX.4 split into its subcomponents. */
export interface CxParts {
  readonly id: string;
  readonly authorityNamespace: string;
  readonly authorityOid: string;
  readonly authorityType: string;
  readonly identifierType: string;
  readonly componentCount: number;
}

export function parseCx(value: string): CxParts {
  const comps = value.split('^');
  const [ns = '', oid = '', type = ''] = (comps[3] ?? '').split('&');
  return { id: comps[0] ?? '', authorityNamespace: ns, authorityOid: oid, authorityType: type, identifierType: comps[4] ?? '', componentCount: comps.length };
}

/**
 * The affinity-domain patientId (ITI TF-3 4.2.3.2 patientId): `id^^^&OID&ISO`, CX.1 and CX.4 only, CX.4
 * with an ISO OID as universal id. A namespace id alone or any other component is not allowed.
 */
export function patientIdProblem(value: string): string | undefined {
  const cx = parseCx(value);
  if (!cx.id) return 'has no identifier (CX.1)';
  if (cx.componentCount !== 4 || value.split('^').slice(1, 3).some((c) => c !== '')) return 'must have only CX.1 and CX.4 (id^^^&OID&ISO)';
  if (cx.authorityNamespace !== '') return 'must not have a namespace id in CX.4 (&OID&ISO)';
  if (cx.authorityType !== 'ISO') return 'must have universal id type ISO in CX.4';
  const oid = oidProblem(cx.authorityOid);
  return oid ? `assigning authority "${cx.authorityOid}" ${oid}` : undefined;
}

/** sourcePatientId (ITI TF-3 4.2.3.2 sourcePatientId): a CX with an identifier and an assigning authority. */
export function sourcePatientIdProblem(value: string): string | undefined {
  const cx = parseCx(value);
  if (!cx.id) return 'has no identifier (CX.1)';
  if (!cx.authorityNamespace && !cx.authorityOid) return 'has no assigning authority (CX.4)';
  return undefined;
}

/** DocumentEntry.uniqueId (ITI TF-3 4.2.3.2 uniqueId): an OID of at most 64 characters, or OID^extension with an extension of at most 16. */
export function documentUniqueIdProblem(value: string): string | undefined {
  const [root = '', extension, ...rest] = value.split('^');
  if (rest.length > 0) return 'has more than one "^"';
  const oid = oidProblem(root);
  if (oid) return `root "${root}" ${oid}`;
  if (extension !== undefined && (extension === '' || extension.length > 16)) return `extension "${extension}" must have 1 to 16 characters`;
  return undefined;
}

/** MIME type syntax (RFC 2045 type/subtype, no parameters in XDS). */
export function mimeTypeProblem(value: string): string | undefined {
  return /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i.test(value) ? undefined : 'is not a MIME type type/subtype';
}

/** Where an object is, for finding paths: `DocumentEntry[<id>]`, `SubmissionSet[<id>]`, `Association[<id>]`. */
export function objectPath(kind: 'DocumentEntry' | 'SubmissionSet' | 'Association', o: Pick<RimObject, 'id'>, tail?: string): string {
  return `${kind}[${o.id}]${tail ? `/${tail}` : ''}`;
}

/** A coded attribute as `code@codingScheme`, for expected/actual. */
export function codeText(c: Pick<CodedValue, 'code' | 'codingScheme'>): string {
  return `${c.code}@${c.codingScheme}`;
}

/** The single code of a scheme, when there is exactly one. */
export function singleCode(o: Classified, scheme: string): CodedValue | undefined {
  const found = codes(o, scheme);
  return found.length === 1 ? found[0] : undefined;
}
