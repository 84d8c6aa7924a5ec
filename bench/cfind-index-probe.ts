/**
 * Latency probe for the PACS index alone (no network, not a test): bulk-loads N studies of the
 * synthetic archive and times typical STUDY-level C-FIND identifiers through `PacsIndex.find`
 * (matching + response shaping). The network-level figure is in `npm run bench`.
 *
 *   npx tsx bench/cfind-index-probe.ts [studies=100000] [runs=300] [db=:memory:]
 */
import { performance } from 'node:perf_hooks';
import type { IndexRecord } from '../simulators/pacs/store/index-record.ts';
import { createPacsIndex } from '../simulators/pacs/store/pacs-index.ts';
import { percentile } from './measure.ts';
import { STUDY_RETURN_KEYS, syntheticArchive } from './synthetic-archive.ts';

const STUDIES = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.argv[3] ?? 300);
const DB = process.argv[4] ?? ':memory:';

const archive = syntheticArchive(STUDIES);
const index = createPacsIndex({ path: DB });
const t0 = performance.now();
let batch: IndexRecord[] = [];
for (const record of archive.records()) {
  batch.push(record);
  if (batch.length === 20_000) {
    index.bulkInsert(batch);
    batch = [];
  }
}
index.bulkInsert(batch);
console.log(`loaded ${JSON.stringify(index.counts())} in ${((performance.now() - t0) / 1000).toFixed(1)} s (${DB})`);

console.log(`\n${'query'.padEnd(44)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'matches'.padStart(8)}`);
for (const [name, make] of Object.entries(archive.queries)) {
  for (let i = 0; i < 5; i++) index.find('STUDY', 'STUDY', { ...STUDY_RETURN_KEYS, ...make() }); // warm the statement cache
  const times: number[] = [];
  let matches = 0;
  for (let i = 0; i < RUNS; i++) {
    const identifier = { ...STUDY_RETURN_KEYS, ...make() };
    const start = performance.now();
    matches += index.find('STUDY', 'STUDY', identifier).length;
    times.push(performance.now() - start);
  }
  const cell = (p: number): string => percentile(times, p).toFixed(2).padStart(8);
  console.log(`${name.padEnd(44)} ${cell(50)} ${cell(95)} ${cell(99)} ${(matches / RUNS).toFixed(0).padStart(8)}`);
}
index.close();
