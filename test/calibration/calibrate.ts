/**
 * One calibration run: every corpus file through dciodvfy and through ixh's DICOM validators,
 * compared attribute by attribute (compare.ts). Shared by calibration.test.ts (which asserts)
 * and report.ts (which writes docs/validators.md).
 */
import { readFile } from 'node:fs/promises';
import type { RuleRun } from '../../validators/run-rules.ts';
import type { Corpus, CorpusEntry } from './build-corpus.ts';
import { compareTagSets, ixhErrorFindings, ixhErrorTags, type AllowedDifference, type FileComparison } from './compare.ts';
import { errorTags, runDciodvfy, type DciodvfyRun } from './dciodvfy.ts';

export type DicomValidator = (bytes: Uint8Array, options: { readonly subjectName: string }) => RuleRun;

export interface CalibrationRow {
  readonly entry: CorpusEntry;
  readonly dciodvfy: DciodvfyRun;
  readonly ixh: RuleRun;
  readonly comparison: FileComparison;
  /** Error messages that name no attribute, per side (reported, not compared). */
  readonly unattributed: { readonly dciodvfy: readonly string[]; readonly ixh: readonly string[] };
}

/** dciodvfy's closing line after VR errors, which it has already named one by one. */
const SUMMARY = /^Dicom dataset contains invalid data values for Value Representations$/;

/** dciodvfy runs are independent processes; a few at a time keeps a 2-core runner busy without thrashing. */
const PARALLEL = 4;

async function calibrateOne(entry: CorpusEntry, validate: DicomValidator, allowList: readonly AllowedDifference[]): Promise<CalibrationRow> {
  const [dciodvfy, bytes] = await Promise.all([runDciodvfy(entry.path), readFile(entry.path)]);
  const ixh = validate(new Uint8Array(bytes), { subjectName: entry.file });
  const comparison = compareTagSets(entry.file, errorTags(dciodvfy), ixhErrorTags(ixh.findings), allowList);
  return {
    entry,
    dciodvfy,
    ixh,
    comparison,
    unattributed: {
      // dciodvfy repeats a cross-reference error once per referenced instance; once is enough here.
      dciodvfy: [...new Set(dciodvfy.errors.filter((e) => !e.tag && !SUMMARY.test(e.message)).map((e) => e.message.replace(/\s+\d+(\.\d+){3,}.*$/, ' …')))],
      ixh: ixhErrorFindings(ixh.findings).filter((f) => !ixhErrorTags([f]).size).map((f) => `${f.ruleId}: ${f.path || '(no path)'} ${f.message}`),
    },
  };
}

export async function calibrate(corpus: Corpus, validate: DicomValidator, allowList: readonly AllowedDifference[]): Promise<CalibrationRow[]> {
  const rows: CalibrationRow[] = [];
  for (let i = 0; i < corpus.entries.length; i += PARALLEL) {
    rows.push(...(await Promise.all(corpus.entries.slice(i, i + PARALLEL).map((entry) => calibrateOne(entry, validate, allowList)))));
  }
  return rows;
}
