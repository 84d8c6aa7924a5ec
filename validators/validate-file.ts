/**
 * `validateFile`: one file on disk to the findings of every family that applies to it. The kind
 * comes from the content (detect-kind.ts); a SOAP envelope is judged as an envelope and then by
 * what its Body carries (and SAML assertions in its security header). A file that can be opened
 * but not judged is a finding of the input family; only a file that cannot be read at all (absent,
 * a directory, over the size limit — checked with `stat` before reading) is `unreadable`.
 *
 * Families land in parallel: `ENTRY_POINTS` lists the ones wired in. A kind whose family is not
 * there yields an info finding "not evaluated", never a silent pass.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import dcmjs from 'dcmjs';
import type { XmlElement } from '../simulators/soap/xml-tree.ts';
import { attr } from '../simulators/soap/xml-tree.ts';
import { probeKind, xmlKind, type ArtifactKind } from './detect-kind.ts';
import type { ValidateOptions } from './family.ts';
import { validateAudit } from './audit/index.ts';
import {
  soapBodyContent, soapHeaderAssertions, validateEbrimResponse, validateHl7v3, validateInput, validateSamlAssertion, validateSoapEnvelope,
  type InputSubject,
} from './message/index.ts';
import type { ValidationProfile } from './rule.ts';
import { mergeRuns, type RuleRun } from './run-rules.ts';
import { validateDicom } from './dicom/index.ts';
import { validateManifest } from './manifest/index.ts';
import { validateSubmission } from './metadata/index.ts';
import { validateCdaReport, validateFhirReport } from './report/index.ts';

/** Largest file `ixh validate` reads; a multi-frame study object is far below, a disk image is not. */
export const MAX_INPUT_BYTES = 512 * 1024 * 1024;

export interface ValidateFileOptions {
  readonly profile?: ValidationProfile;
  readonly maxBytes?: number;
}

export type ValidateFileResult =
  | { readonly file: string; readonly kind: ArtifactKind; readonly run: RuleRun; /** What a SOAP Body carried. */ readonly bodyKind?: ArtifactKind }
  | { readonly file: string; readonly unreadable: string };

/** The entry points of the full families, as each family folder exports them. */
export interface FamilyEntryPoints {
  readonly dicom?: (bytes: Uint8Array, options: ValidateOptions) => RuleRun;
  /** KOS manifests, given the Part 10 bytes. */
  readonly manifest?: (bytes: Uint8Array, options: ValidateOptions) => RuleRun;
  /** Submissions and query responses, given the ebRIM root element. */
  readonly submission?: (root: XmlElement, options: ValidateOptions) => RuleRun;
  readonly cda?: (bytes: Uint8Array, options: ValidateOptions) => RuleRun;
  readonly fhir?: (json: unknown, options: ValidateOptions) => RuleRun;
}

/** The families wired in. */
export const ENTRY_POINTS: FamilyEntryPoints = {
  dicom: validateDicom,
  cda: (bytes, options) => validateCdaReport(bytes, options),
  // probeKind hands over only a parsed JSON object with a resourceType.
  fhir: (json, options) => validateFhirReport(json as object, options),
  manifest: (bytes, options) => validateManifest(bytes, options),
  submission: (root, options) => validateSubmission(root, options),
};

const KOS_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.88.59';
/** ebRIM roots that carry document metadata (submission or query result), judged by the metadata family. */
const METADATA_ROOTS = new Set(['SubmitObjectsRequest', 'ProvideAndRegisterDocumentSetRequest', 'AdhocQueryResponse']);

export async function validateFile(path: string, options: ValidateFileOptions = {}): Promise<ValidateFileResult> {
  const maxBytes = options.maxBytes ?? MAX_INPUT_BYTES;
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) return { file: path, unreadable: info.isDirectory() ? 'is a directory' : 'is not a regular file' };
    size = info.size;
  } catch (err) {
    return { file: path, unreadable: oneLine(err) };
  }
  if (size > maxBytes) return { file: path, unreadable: `file of ${size} bytes exceeds the limit of ${maxBytes} bytes; not read` };
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    return { file: path, unreadable: oneLine(err) };
  }
  return { file: path, ...validateBytes(bytes, basename(path), { subjectName: path, ...(options.profile && { profile: options.profile }) }, ENTRY_POINTS) };
}

/** The pure part: bytes already in memory to kind and findings. */
export function validateBytes(bytes: Uint8Array, fileName: string, options: ValidateOptions, entry: FamilyEntryPoints = ENTRY_POINTS): { kind: ArtifactKind; run: RuleRun; bodyKind?: ArtifactKind } {
  const probe = probeKind(bytes, fileName);
  const missing: string[] = [];
  const runs: RuleRun[] = [];
  let dicomError: string | undefined;
  let bodyKind: ArtifactKind | undefined;
  const use = <I>(family: string, run: ((input: I, o: ValidateOptions) => RuleRun) | undefined, input: I, o: ValidateOptions = options) => {
    if (run) runs.push(run(input, o));
    else missing.push(family);
  };

  if (probe.kind === 'dicom') {
    const part10 = probe.rawDataset ? wrapRawDataset(bytes) : bytes;
    const read = readSopClass(part10);
    if ('error' in read) dicomError = read.error;
    else {
      use('dicom', entry.dicom, part10);
      if (read.sopClassUid === KOS_SOP_CLASS) use('manifest', entry.manifest, part10);
    }
  } else if (probe.kind === 'cda') use('report.cda', entry.cda, bytes);
  else if (probe.kind === 'fhir-json') use('report.fhir', entry.fhir, probe.json);
  else if (probe.xml && probe.kind !== 'unknown') {
    if (probe.kind === 'soap') {
      runs.push(validateSoapEnvelope(probe.xml, options));
      for (const assertion of soapHeaderAssertions(probe.xml)) {
        runs.push(validateSamlAssertion(assertion, { ...options, subjectName: `${options.subjectName} Assertion ${attr(assertion, 'ID') ?? '(no ID)'}` }));
      }
      const body = soapBodyContent(probe.xml);
      if (body) {
        bodyKind = xmlKind(body);
        if (bodyKind === 'unknown') missing.push(`message body ${body.local}`);
        else judgeXml(bodyKind, body, options, entry, runs, use);
      }
    } else judgeXml(probe.kind, probe.xml, options, entry, runs, use);
  }

  const input: InputSubject = {
    format: probe.format,
    recognised: probe.kind !== 'unknown',
    ...(probe.refusal && { refusal: probe.refusal }),
    ...(dicomError !== undefined && { dicomError }),
    ...(missing.length > 0 && { missingFamilies: missing }),
  };
  return { kind: probe.kind, run: mergeRuns([validateInput(input, options), ...runs]), ...(bodyKind && { bodyKind }) };
}

function judgeXml(
  kind: ArtifactKind,
  root: XmlElement,
  options: ValidateOptions,
  entry: FamilyEntryPoints,
  runs: RuleRun[],
  use: <I>(family: string, run: ((input: I, o: ValidateOptions) => RuleRun) | undefined, input: I) => void,
): void {
  switch (kind) {
    case 'ebrim':
      runs.push(validateEbrimResponse(root, options));
      if (METADATA_ROOTS.has(root.local)) use('metadata', entry.submission, root);
      return;
    case 'hl7v3':
      runs.push(validateHl7v3(root, options));
      return;
    case 'saml':
      runs.push(validateSamlAssertion(root, options));
      return;
    case 'atna':
      runs.push(validateAudit({ message: root }, options));
      return;
    case 'cda':
      // A CDA inside a SOAP body is not a shape any transaction uses; say so rather than guess.
      use('report.cda (inside SOAP)', undefined, root);
      return;
    default:
      use(`kind ${kind}`, undefined, root);
  }
}

/** SOP Class UID of a Part 10 file read to its end (a truncated file must fail here, not later). */
function readSopClass(part10: Uint8Array): { sopClassUid: string | undefined } | { error: string } {
  try {
    const buffer = part10.buffer.slice(part10.byteOffset, part10.byteOffset + part10.byteLength) as ArrayBuffer;
    const dict = dcmjs.data.DicomMessage.readFile(buffer, {});
    const value = (dict.dict as Record<string, { Value?: unknown[] }>)['00080016']?.Value?.[0];
    return { sopClassUid: typeof value === 'string' ? value.trim() : undefined };
  } catch (err) {
    return { error: oneLine(err) };
  }
}

const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

/**
 * A data set without preamble: group 0002 first means the file meta is there and only the
 * preamble is missing; otherwise a minimal file meta is put in front, the transfer syntax guessed
 * from whether the first element carries an explicit VR.
 */
export function wrapRawDataset(raw: Uint8Array): Uint8Array {
  const preamble = new Uint8Array(132);
  preamble.set([0x44, 0x49, 0x43, 0x4d], 128);
  if (raw[0] === 0x02 && raw[1] === 0x00) return concat(preamble, raw);
  const explicit = raw[4]! >= 0x41 && raw[4]! <= 0x5a && raw[5]! >= 0x41 && raw[5]! <= 0x5a;
  const meta = new dcmjs.data.DicomDict(
    dcmjs.data.DicomMetaDictionary.denaturalizeDataset({
      FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
      TransferSyntaxUID: explicit ? EXPLICIT_VR_LITTLE_ENDIAN : IMPLICIT_VR_LITTLE_ENDIAN,
      _vrMap: { FileMetaInformationVersion: 'OB' },
    }),
  );
  meta.dict = {};
  return concat(new Uint8Array(meta.write()), raw);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}

function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0]!.slice(0, 300);
}
