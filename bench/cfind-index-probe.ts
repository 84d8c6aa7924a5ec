/**
 * Latency probe for the PACS index (not a test, no assertion): bulk-loads N studies (5 series of
 * one instance each) from plain attribute records, then times typical STUDY-level C-FIND
 * identifiers through `PacsIndex.find` (matching + response shaping, no network) and prints
 * p50/p95/p99 and the mean number of matches per query kind.
 *
 *   npx tsx bench/cfind-index-probe.ts [studies=100000] [runs=300] [db=:memory:]
 */
import { performance } from 'node:perf_hooks';
import { recordFromDataset, type IndexRecord } from '../simulators/pacs/store/index-record.ts';
import { createPacsIndex } from '../simulators/pacs/store/pacs-index.ts';

const STUDIES = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.argv[3] ?? 300);
const DB = process.argv[4] ?? ':memory:';
const SERIES_PER_STUDY = 5;

// Deterministic PRNG (mulberry32) so runs are comparable.
let seed = 42;
const rand = (): number => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const pad = (n: number, w: number): string => String(n).padStart(w, '0');

// A few thousand family names (real ones plus syllable compounds), so a prefix like DOE* selects
// what it would in a real archive rather than a twentieth of it.
const SYLLABLES = ['BA', 'BER', 'DE', 'DO', 'DU', 'FI', 'GRU', 'HU', 'JAN', 'KO', 'LAM', 'MA', 'MÜL', 'NO', 'PEE', 'RO', 'SCHMI', 'SVO', 'VIS', 'WAG'];
const FAMILIES = ['DOE', 'DOELLE', 'DUPONT', 'MÜLLER', 'DVOŘÁK', 'JANSEN', 'PEETERS', 'NOVÁK', 'MARTIN', 'DE JONG',
  ...SYLLABLES.flatMap((a) => SYLLABLES.flatMap((b) => SYLLABLES.slice(0, 8).map((c) => `${a}${b.toLowerCase()}${c.toLowerCase()}`.toUpperCase())))];
const GIVEN = ['JOHN', 'ANNA', 'JIŘÍ', 'CLAIRE', 'PIETER', 'LOTTE', 'LUKAS', 'MARIE', 'JAN', 'SOPHIE'];
// Weighted like a general hospital's mix.
const MODALITIES = ['CT', 'CT', 'CT', 'MR', 'MR', 'CR', 'CR', 'DX', 'US', 'US', 'MG', 'PT', 'NM', 'XA', 'SR', 'KO'];
const PATIENTS = Math.max(1, Math.round(STUDIES / 3));
const DAY0 = Date.UTC(2015, 0, 1);
const daToString = (ms: number): string => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');
const randomDate = (): string => daToString(DAY0 + Math.floor(rand() * 3650) * 86_400_000);
const studyUid = (s: number): string => `1.2.826.0.1.3680043.10.1.${s}`;

function* records(): Generator<IndexRecord> {
  for (let s = 0; s < STUDIES; s++) {
    const p = Math.floor(rand() * PATIENTS);
    const patient = {
      PatientID: `PID${pad(p, 7)}`, IssuerOfPatientID: 'NL-BSN',
      PatientName: `${FAMILIES[(Math.imul(p, 2654435761) >>> 0) % FAMILIES.length]}^${GIVEN[(p >> 5) % GIVEN.length]}`,
      PatientBirthDate: `19${pad(40 + (p % 60), 2)}0101`, PatientSex: p % 2 ? 'M' : 'F',
    };
    const study = {
      StudyInstanceUID: studyUid(s), StudyDate: randomDate(), StudyTime: `${pad(Math.floor(rand() * 24), 2)}${pad(Math.floor(rand() * 60), 2)}00`,
      AccessionNumber: `ACC${pad(s, 8)}`, StudyID: String(s % 1000), StudyDescription: 'Imaging study',
      ReferringPhysicianName: 'MARTIN^CLAIRE', InstitutionName: 'Hospital',
    };
    for (let k = 0; k < SERIES_PER_STUDY; k++) {
      const ds = { ...patient, ...study, SeriesInstanceUID: `${studyUid(s)}.${k + 1}`, Modality: pick(MODALITIES), SeriesNumber: k + 1,
        SOPInstanceUID: `${studyUid(s)}.${k + 1}.1`, SOPClassUID: '1.2.840.10008.5.1.4.1.1.2', InstanceNumber: 1 };
      yield recordFromDataset(ds, { path: `/nowhere/${s}/${k}.dcm`, transferSyntaxUid: '1.2.840.10008.1.2.1', size: 524_288 });
    }
  }
}

const index = createPacsIndex({ path: DB });
const t0 = performance.now();
let batch: IndexRecord[] = [];
for (const r of records()) {
  batch.push(r);
  if (batch.length === 20_000) { index.bulkInsert(batch); batch = []; }
}
index.bulkInsert(batch);
const loadMs = performance.now() - t0;
console.log(`loaded ${JSON.stringify(index.counts())} in ${(loadMs / 1000).toFixed(1)} s (${DB})`);

const RETURN_KEYS = {
  QueryRetrieveLevel: 'STUDY', StudyInstanceUID: '', PatientName: '', PatientID: '', PatientBirthDate: '', PatientSex: '', StudyDate: '',
  StudyTime: '', AccessionNumber: '', StudyID: '', StudyDescription: '', ReferringPhysicianName: '', ModalitiesInStudy: '',
  NumberOfStudyRelatedSeries: '', NumberOfStudyRelatedInstances: '',
};
const week = (): string => { const d = DAY0 + Math.floor(rand() * 3640) * 86_400_000; return `${daToString(d)}-${daToString(d + 6 * 86_400_000)}`; };

const QUERIES: Record<string, () => Record<string, unknown>> = {
  'PatientID exact': () => ({ PatientID: `PID${pad(Math.floor(rand() * PATIENTS), 7)}` }),
  'PatientName DOE*': () => ({ PatientName: 'DOE*' }),
  'PatientName <family>^<given>*': () => ({ PatientName: `${pick(FAMILIES)}^${pick(GIVEN).slice(0, 2)}*` }),
  'StudyDate one day': () => ({ StudyDate: randomDate() }),
  'StudyDate 7-day range': () => ({ StudyDate: week() }),
  'AccessionNumber exact': () => ({ AccessionNumber: `ACC${pad(Math.floor(rand() * STUDIES), 8)}` }),
  'ModalitiesInStudy MG + 7-day range': () => ({ ModalitiesInStudy: 'MG', StudyDate: week() }),
  'ModalitiesInStudy CT\\MR + PatientID': () => ({ ModalitiesInStudy: 'CT\\MR', PatientID: `PID${pad(Math.floor(rand() * PATIENTS), 7)}` }),
  'StudyInstanceUID list of 20': () => ({ StudyInstanceUID: Array.from({ length: 20 }, () => studyUid(Math.floor(rand() * STUDIES))).join('\\') }),
  'PatientName D* (large result)': () => ({ PatientName: 'D*' }),
  'ModalitiesInStudy MG alone (large result)': () => ({ ModalitiesInStudy: 'MG' }),
};

const pct = (xs: number[], q: number): number => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
console.log(`\n${'query'.padEnd(44)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'matches'.padStart(8)}`);
for (const [name, make] of Object.entries(QUERIES)) {
  const runs = name.includes('large') ? Math.min(RUNS, 30) : RUNS;
  for (let i = 0; i < 5; i++) index.find('STUDY', 'STUDY', { ...RETURN_KEYS, ...make() }); // warm the statement cache
  const times: number[] = [];
  let matches = 0;
  for (let i = 0; i < runs; i++) {
    const identifier = { ...RETURN_KEYS, ...make() };
    const start = performance.now();
    matches += index.find('STUDY', 'STUDY', identifier).length;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(`${name.padEnd(44)} ${pct(times, 0.5).toFixed(2).padStart(8)} ${pct(times, 0.95).toFixed(2).padStart(8)} ${pct(times, 0.99).toFixed(2).padStart(8)} ${(matches / runs).toFixed(0).padStart(8)}`);
}
index.close();
