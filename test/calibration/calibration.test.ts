/**
 * Calibration of ixh's DICOM validators against dciodvfy: on every corpus file (clean and
 * deliberately broken, see mutations.ts) both must call the same attributes errors, compared at
 * the innermost attribute (compare.ts), except for the justified differences of allow-list.ts.
 * Needs DCMTK's dcmodify (to build the corpus) and dicom3tools' dciodvfy: in CI a missing one
 * fails the suite instead of skipping it. The agreement rate is printed here and written to
 * docs/validators.md only by report.ts.
 */
import { beforeAll, expect, it } from 'vitest';
import { allOf, hasBinary, peerDescribe } from '../interop/require-peer.ts';
import { validateDicom } from '../../validators/dicom/index.ts';
import { ALLOW_LIST } from './allow-list.ts';
import { buildCorpus, type Corpus } from './build-corpus.ts';
import { calibrate, type CalibrationRow } from './calibrate.ts';
import { agreement, formatRate, staleAllowances } from './compare.ts';
import { DCIODVFY } from './dciodvfy.ts';
import { cleanFile, IODS, MUTATIONS, mutationFile } from './mutations.ts';

const describePeer = await peerDescribe('dcmodify and dciodvfy', allOf(() => hasBinary('dcmodify'), () => hasBinary(DCIODVFY)));

const FILES = [...IODS.map(cleanFile), ...MUTATIONS.map(mutationFile)];

describePeer('DICOM validators calibrated against dciodvfy', () => {
  let corpus: Corpus;
  let rows: CalibrationRow[];
  const row = (file: string): CalibrationRow => {
    const found = rows.find((r) => r.entry.file === file);
    if (!found) throw new Error(`${file} is not in the corpus`);
    return found;
  };

  beforeAll(async () => {
    corpus = await buildCorpus();
    rows = await calibrate(corpus, validateDicom, ALLOW_LIST);
    console.log(`calibration against dciodvfy (corpus ${corpus.key}): ${formatRate(agreement(rows.map((r) => r.comparison)))}`);
  });

  it('has at least 30 broken files over every IOD, plus one clean file per IOD', () => {
    expect(corpus.entries.map((e) => e.file)).toEqual(FILES);
    expect(MUTATIONS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(MUTATIONS.map((m) => m.iod))).toEqual(new Set(IODS));
  });

  it.each(IODS.map(cleanFile))('dciodvfy accepts the clean %s without errors', (file) => {
    const { dciodvfy } = row(file);
    expect(dciodvfy.iod, dciodvfy.output).toBeDefined();
    expect(dciodvfy.errors, dciodvfy.output).toEqual([]);
  });

  // A mutation that does not break what it says would calibrate nothing.
  it.each(MUTATIONS.map((m) => [mutationFile(m), m.breaks] as const))('dciodvfy reports what %s breaks', (file, breaks) => {
    const { comparison, dciodvfy } = row(file);
    expect(comparison.dciodvfy, dciodvfy.output).toEqual(expect.arrayContaining([...breaks]));
  });

  it.each(FILES)('ixh judges %s without harness errors', (file) => {
    expect(row(file).ixh.harnessErrors).toEqual([]);
  });

  it.each(FILES)('ixh and dciodvfy call the same attributes errors in %s', (file) => {
    const { comparison, dciodvfy, ixh } = row(file);
    const detail = [
      `dciodvfy: ${comparison.dciodvfy.join(' ') || '—'}`,
      `ixh:      ${comparison.ixh.join(' ') || '—'}`,
      dciodvfy.output.trim(),
      ...ixh.findings.filter((f) => f.severity === 'error').map((f) => `ixh ${f.ruleId} ${f.path}: ${f.message}`),
    ].join('\n');
    expect(comparison.unexplained, detail).toEqual([]);
  });

  it('has no stale allow-list entry', () => {
    expect(staleAllowances(ALLOW_LIST, rows.map((r) => r.comparison))).toEqual([]);
  });
});
