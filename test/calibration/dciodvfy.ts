/**
 * dciodvfy (David Clunie's dicom3tools, Debian package `dicom3tools`) as a reference oracle:
 * runs it on a file and parses its report into attribute-level errors and warnings.
 *
 * Its output (both streams) has one message per line:
 *   Error - Missing attribute Type 1 Required Element=<StudyInstanceUID> Module=<GeneralStudy>
 *   Error - Value invalid for this VR - (0x0008,0x0020) DA Study Date  DA [1] = <2024-13-45> - …
 *   Error - Value is zero for value 1 of attribute <Slice Thickness>
 *   Error - MediaStorageSOPInstanceUID but missing SOPInstanceUID and not a directory
 *   Error - Information Object Not found
 *   CTImage                                    (the IOD it recognised, alone on its line)
 * It prints attribute keywords, human names or tags, but never the sequence path of a nested
 * attribute: what it names is always the innermost attribute.
 */
import dcmjs from 'dcmjs';
import { runTool } from '../../peers/run-tool.ts';

export const DCIODVFY = '/usr/bin/dciodvfy';

export interface DciodvfyMessage {
  /** "(GGGG,EEEE)" upper-case, when the message names an attribute that the dictionary knows. */
  readonly tag?: string;
  /** Keyword (e.g. "PixelSpacing") or dciodvfy's human name (e.g. "Slice Thickness") as printed. */
  readonly keyword?: string;
  /** dciodvfy's module or macro name (Module=<…>), when given. */
  readonly module?: string;
  /** The line without its "Error - " / "Warning - " prefix. */
  readonly message: string;
}

export interface DciodvfyReport {
  /** dciodvfy's name of the IOD it validated against ("CTImage"); absent when it found none. */
  readonly iod?: string;
  readonly errors: readonly DciodvfyMessage[];
  readonly warnings: readonly DciodvfyMessage[];
}

export interface DciodvfyRun extends DciodvfyReport {
  readonly exitCode: number | null;
  /** Combined stdout and stderr, for failure messages. */
  readonly output: string;
}

let tagByNormalizedName: Map<string, string> | undefined;

/** "Patient's Birth Date", "PatientBirthDate" and "patientbirthdate" all normalise alike. */
function normalizeName(name: string): string {
  return name.replace(/'s\b/g, '').replace(/[^A-Za-z0-9]/g, '').toLowerCase();
}

/** The tag of a DICOM keyword or human-readable attribute name, from dcmjs's dictionary. */
export function tagOfName(name: string): string | undefined {
  if (!tagByNormalizedName) {
    tagByNormalizedName = new Map();
    for (const element of Object.values(dcmjs.data.DicomMetaDictionary.nameMap)) {
      // Repeating-group entries such as (60xx,0010) are no single attribute.
      if (/^\([0-9A-F]{4},[0-9A-F]{4}\)$/i.test(element.tag)) tagByNormalizedName.set(normalizeName(element.name), element.tag.toUpperCase());
    }
  }
  return tagByNormalizedName.get(normalizeName(name));
}

/** "(0x0020,0x000e)" or "(0020,000e)" → "(0020,000E)". */
export function normalizeTag(text: string): string | undefined {
  const m = /\(\s*(?:0x)?([0-9A-Fa-f]{4})\s*,\s*(?:0x)?([0-9A-Fa-f]{4})\s*\)/.exec(text);
  return m ? `(${m[1]!.toUpperCase()},${m[2]!.toUpperCase()})` : undefined;
}

/** Which attribute a message is about, in the order dciodvfy's formats are unambiguous. */
function attributeOf(message: string): Pick<DciodvfyMessage, 'tag' | 'keyword' | 'module'> {
  const module = /Module=<([^>]*)>/.exec(message)?.[1];
  const element = /Element=<([^>]+)>/.exec(message)?.[1];
  if (element) return { keyword: element, tag: tagOfName(element), ...(module && { module }) };
  // "(0x0008,0x0020) DA Study Date" — the tag is printed; trust it over the name.
  const printedTag = /^Value invalid for this VR - (\(0x[0-9a-fA-F]{4},0x[0-9a-fA-F]{4}\))\s+\S+\s+(.+?)\s{2}/.exec(message);
  if (printedTag) return { tag: normalizeTag(printedTag[1]!), keyword: printedTag[2]! };
  const anyTag = /\(0x[0-9a-fA-F]{4},0x[0-9a-fA-F]{4}\)/.exec(message);
  if (anyTag) return { tag: normalizeTag(anyTag[0]) };
  // "… for value 1 of attribute <Slice Thickness>": the first <…> may be a value, the attribute follows "attribute".
  const named = /attribute <([^>]+)>/.exec(message)?.[1];
  if (named) return { keyword: named, tag: tagOfName(named) };
  // "MediaStorageSOPInstanceUID but missing SOPInstanceUID and not a directory"
  const missing = /\bmissing ([A-Z][A-Za-z0-9]+)\b/.exec(message)?.[1];
  if (missing && tagOfName(missing)) return { keyword: missing, tag: tagOfName(missing) };
  return {};
}

function toMessage(text: string): DciodvfyMessage {
  const message = text.trim();
  const attribute = attributeOf(message);
  return {
    ...(attribute.tag && { tag: attribute.tag }),
    ...(attribute.keyword && { keyword: attribute.keyword }),
    ...(attribute.module && { module: attribute.module }),
    message,
  };
}

export function parseDciodvfyOutput(output: string): DciodvfyReport {
  const errors: DciodvfyMessage[] = [];
  const warnings: DciodvfyMessage[] = [];
  let iod: string | undefined;
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('Error - ')) errors.push(toMessage(line.slice('Error - '.length)));
    else if (line.startsWith('Warning - ')) warnings.push(toMessage(line.slice('Warning - '.length)));
    else if (/^[A-Za-z][A-Za-z0-9]*$/.test(line)) iod ??= line;
  }
  return { ...(iod && { iod }), errors, warnings };
}

/** Tags dciodvfy names in its errors; messages naming no attribute (cross-reference checks, "Information Object Not found") are left out. */
export function errorTags(report: Pick<DciodvfyReport, 'errors'>): Set<string> {
  return new Set(report.errors.flatMap((e) => (e.tag ? [e.tag] : [])));
}

export async function runDciodvfy(path: string, options: { readonly profile?: string } = {}): Promise<DciodvfyRun> {
  const args = options.profile ? ['-profile', options.profile, path] : [path];
  const result = await runTool(DCIODVFY, args, { timeoutMs: 30_000 });
  if (result.signal) throw new Error(`dciodvfy killed by ${result.signal} on ${path}`);
  const output = `${result.stdout}\n${result.stderr}`;
  return { ...parseDciodvfyOutput(output), exitCode: result.code, output };
}
