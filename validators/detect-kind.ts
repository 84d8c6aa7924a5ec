/**
 * What kind of artifact a file holds, decided by its content, never by its name: a DICOM Part 10
 * file (DICM at offset 128) or a raw data set (first tag in group 0002 or 0008), an XML document
 * by the namespace and name of its root element once parsed safely (DOCTYPE and entities refused,
 * bounded size and depth), a JSON document with a `resourceType`. The file name only colours the
 * message when the content is not recognised.
 */
import { NS } from '../simulators/soap/namespaces.ts';
import { parseXmlSafely, XmlRefusal, type XmlLimits } from '../simulators/soap/safe-xml.ts';
import { clark, type XmlElement } from '../simulators/soap/xml-tree.ts';

export type ArtifactKind = 'dicom' | 'cda' | 'fhir-json' | 'soap' | 'ebrim' | 'hl7v3' | 'saml' | 'atna' | 'unknown';

/** The syntax the bytes look like, before any kind is decided. */
export type InputFormat = 'dicom' | 'xml' | 'json' | 'binary';

export interface KindProbe {
  readonly kind: ArtifactKind;
  readonly format: InputFormat;
  /** The parsed root, for XML inputs that parsed. */
  readonly xml?: XmlElement;
  /** The parsed document, for JSON inputs that parsed. */
  readonly json?: unknown;
  /** A data set without the Part 10 preamble and file meta (as stored by some SCPs). */
  readonly rawDataset?: boolean;
  /** Why the content was not accepted as what it looks like (refused XML, bad JSON, no known root). */
  readonly refusal?: { readonly reason: string; readonly code: string };
}

/** Reports and submissions with inline documents run to tens of MiB; CDA nests well below 200. */
export const VALIDATE_XML_LIMITS: XmlLimits = { maxXmlBytes: 64 * 1024 * 1024, maxDepth: 200 };
export const MAX_JSON_BYTES = 64 * 1024 * 1024;
/** JSON nesting beyond this is refused before any rule walks it recursively. */
export const MAX_JSON_DEPTH = 200;

export function detectKind(bytes: Uint8Array, fileName: string): ArtifactKind {
  return probeKind(bytes, fileName).kind;
}

export function probeKind(bytes: Uint8Array, fileName: string): KindProbe {
  if (hasPart10Preamble(bytes)) return { kind: 'dicom', format: 'dicom' };
  if (looksLikeRawDataset(bytes)) return { kind: 'dicom', format: 'dicom', rawDataset: true };
  const first = firstSignificantByte(bytes);
  if (first === 0x3c /* < */) return probeXml(bytes);
  if (first === 0x7b /* { */ || first === 0x5b /* [ */) return probeJson(bytes);
  const hint = /\.(dcm|dicom)$/i.test(fileName) ? ' although the name ends in .dcm' : '';
  return { kind: 'unknown', format: 'binary', refusal: { code: 'unrecognised', reason: `neither DICOM (no DICM at offset 128, no group 0002/0008 data set), XML nor JSON${hint}` } };
}

function hasPart10Preamble(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

/**
 * A data set written without preamble starts with its lowest tag, little endian: group 0002 (file
 * meta) or 0008 (the first group of every composite IOD), then a small element number. The fifth
 * and sixth bytes are either an explicit VR (two upper-case letters) or an implicit length.
 */
function looksLikeRawDataset(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  const group = bytes[0]! | (bytes[1]! << 8);
  if (group !== 0x0002 && group !== 0x0008) return false;
  const elementNumber = bytes[2]! | (bytes[3]! << 8);
  if (elementNumber > 0x0100) return false;
  const isUpper = (b: number) => b >= 0x41 && b <= 0x5a;
  return (isUpper(bytes[4]!) && isUpper(bytes[5]!)) || bytes[7] === 0;
}

function firstSignificantByte(bytes: Uint8Array): number | undefined {
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  for (; i < bytes.length && i < 4096; i++) {
    const b = bytes[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return b;
  }
  return undefined;
}

function probeXml(bytes: Uint8Array): KindProbe {
  let root: XmlElement;
  try {
    root = parseXmlSafely(bytes, VALIDATE_XML_LIMITS);
  } catch (err) {
    if (err instanceof XmlRefusal) return { kind: 'unknown', format: 'xml', refusal: { code: err.kind, reason: err.message } };
    return { kind: 'unknown', format: 'xml', refusal: { code: 'malformed', reason: `XML could not be parsed: ${(err as Error).message}` } };
  }
  const kind = xmlKind(root);
  return kind === 'unknown'
    ? { kind, format: 'xml', xml: root, refusal: { code: 'unknown-root', reason: `root element ${clark(root)} is none of the artifacts ixh validates` } }
    : { kind, format: 'xml', xml: root };
}

const EBRIM_NAMESPACES: ReadonlySet<string> = new Set([NS.rim, NS.rs, NS.query, NS.lcm, NS.xdsb, NS.xdsi]);

/** The kind of an XML artifact by its root element (namespace first, then local name). */
export function xmlKind(root: Pick<XmlElement, 'ns' | 'local'>): ArtifactKind {
  if (root.local === 'Envelope' && (root.ns === NS.env || root.ns === NS.soap11)) return 'soap';
  if (root.ns === NS.hl7) return root.local === 'ClinicalDocument' ? 'cda' : 'hl7v3';
  if (root.ns === NS.saml && root.local === 'Assertion') return 'saml';
  if (EBRIM_NAMESPACES.has(root.ns)) return 'ebrim';
  // The DICOM audit message schema (PS3.15 A.5.1) declares no target namespace.
  if (root.ns === '' && root.local === 'AuditMessage') return 'atna';
  return 'unknown';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function probeJson(bytes: Uint8Array): KindProbe {
  if (bytes.byteLength > MAX_JSON_BYTES) return { kind: 'unknown', format: 'json', refusal: { code: 'too-large', reason: `JSON of ${bytes.byteLength} bytes exceeds the limit of ${MAX_JSON_BYTES} bytes` } };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { kind: 'unknown', format: 'json', refusal: { code: 'encoding', reason: 'JSON is not valid UTF-8' } };
  }
  const depth = jsonDepth(text);
  if (depth > MAX_JSON_DEPTH) return { kind: 'unknown', format: 'json', refusal: { code: 'too-deep', reason: `JSON nested deeper than ${MAX_JSON_DEPTH}` } };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { kind: 'unknown', format: 'json', refusal: { code: 'malformed', reason: `JSON is not well-formed: ${(err as Error).message}` } };
  }
  const resourceType = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>).resourceType : undefined;
  if (typeof resourceType !== 'string' || resourceType === '') {
    return { kind: 'unknown', format: 'json', json, refusal: { code: 'no-resource-type', reason: 'JSON document has no "resourceType": not a FHIR resource' } };
  }
  return { kind: 'fhir-json', format: 'json', json };
}

/** Deepest bracket nesting outside strings, found without recursion. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}
