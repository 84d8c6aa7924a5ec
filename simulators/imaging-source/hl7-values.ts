/**
 * HL7 v2 data types as XDS metadata uses them (ITI TF-3 4.2.3.1.7): CX, XCN, XON, escaped per
 * HL7 v2.5 §2.7 so that a value containing a delimiter cannot shift components.
 */
import { createHash } from 'node:crypto';
import type { PersonName } from '../../fixtures/model.ts';

/** Escapes the HL7 delimiters | ^ ~ \ & inside one component. */
export function hl7Escape(value: string): string {
  return value.replace(/[\\|^~&]/g, (c) => ({ '\\': '\\E\\', '|': '\\F\\', '^': '\\S\\', '~': '\\R\\', '&': '\\T\\' })[c] ?? c);
}

const OID = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))+$/;

function checkOid(oid: string, what: string): string {
  if (!OID.test(oid)) throw new Error(`${what}: "${oid}" is not an OID`);
  return oid;
}

/** CX with an ISO assigning authority: `id^^^&oid&ISO`, optionally with CX.5 identifier type code. */
export function cx(id: string, authorityOid: string, identifierType?: string): string {
  if (id === '') throw new Error('CX.1 (identifier) is empty');
  const base = `${hl7Escape(id)}^^^&${checkOid(authorityOid, 'CX.4')}&ISO`;
  return identifierType ? `${base}^${identifierType}` : base;
}

/** CX without assigning authority but with a CX.5 type, e.g. a Study Instance UID reference. */
export function cxTyped(id: string, identifierType: string): string {
  if (id === '') throw new Error('CX.1 (identifier) is empty');
  return `${hl7Escape(id)}^^^^${identifierType}`;
}

/** XCN with the name only (XCN.2 family, XCN.3 given), or with an id and its authority OID. */
export function xcn(name: PersonName, id?: { readonly id: string; readonly oid: string }): string {
  const idPart = id ? hl7Escape(id.id) : '';
  const authority = id ? `&${checkOid(id.oid, 'XCN.9')}&ISO` : '';
  return `${idPart}^${hl7Escape(name.family)}^${hl7Escape(name.given)}^^^^^^${authority}`.replace(/\^+$/, '');
}

/** XON: organisation name, and its OID in XON.10 when known. */
export function xon(name: string, oid?: string): string {
  return oid ? `${hl7Escape(name)}^^^^^^^^^${checkOid(oid, 'XON.10')}` : hl7Escape(name);
}

/**
 * A name-based UUID (RFC 4122 version 5 layout over SHA-1) as `urn:uuid:…`, so metadata rebuilt
 * from the same inputs keeps its entryUUID.
 */
export function derivedUrnUuid(...parts: readonly string[]): string {
  const bytes = createHash('sha1').update(`ixh\u0000${parts.join('\u0000')}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
