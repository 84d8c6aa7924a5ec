/**
 * A large synthetic archive for C-FIND benchmarks: N studies of plain index records (no files),
 * names and dates spread like a general hospital's, plus the typical study-level queries run
 * against it. Seeded, so every run loads and asks the same things.
 */
import { recordFromDataset, type IndexRecord } from '../simulators/pacs/store/index-record.ts';

export interface SyntheticArchive {
  readonly studies: number;
  records(): Generator<IndexRecord>;
  /** Query kind → identifier maker (match keys only; add return keys yourself). */
  readonly queries: Readonly<Record<string, () => Record<string, unknown>>>;
}

/** mulberry32: tiny, fast, and the same on every machine. */
function prng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');
// A few thousand family names (real ones plus syllable compounds), so a prefix like DOE* selects
// what it would in a real archive rather than a twentieth of it.
const SYLLABLES = ['BA', 'BER', 'DE', 'DO', 'DU', 'FI', 'GRU', 'HU', 'JAN', 'KO', 'LAM', 'MA', 'MÜL', 'NO', 'PEE', 'RO', 'SCHMI', 'SVO', 'VIS', 'WAG'];
const FAMILIES = ['DOE', 'DOELLE', 'DUPONT', 'MÜLLER', 'DVOŘÁK', 'JANSEN', 'PEETERS', 'NOVÁK', 'MARTIN', 'DE JONG',
  ...SYLLABLES.flatMap((a) => SYLLABLES.flatMap((b) => SYLLABLES.slice(0, 8).map((c) => `${a}${b.toLowerCase()}${c.toLowerCase()}`.toUpperCase())))];
const GIVEN = ['JOHN', 'ANNA', 'JIŘÍ', 'CLAIRE', 'PIETER', 'LOTTE', 'LUKAS', 'MARIE', 'JAN', 'SOPHIE'];
// Weighted like a general hospital's mix.
const MODALITIES = ['CT', 'CT', 'CT', 'MR', 'MR', 'CR', 'CR', 'DX', 'US', 'US', 'MG', 'PT', 'NM', 'XA', 'SR', 'KO'];
const DAY0 = Date.UTC(2015, 0, 1);
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');
const studyUid = (s: number): string => `1.2.826.0.1.3680043.10.1.${s}`;

export function syntheticArchive(studies: number, seriesPerStudy = 3, seed = 42): SyntheticArchive {
  const patients = Math.max(1, Math.round(studies / 3));
  const ask = prng(seed + 1);
  const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const someDay = (rand: () => number): string => day(DAY0 + Math.floor(rand() * 3650) * 86_400_000);
  const week = (): string => {
    const d = DAY0 + Math.floor(ask() * 3640) * 86_400_000;
    return `${day(d)}-${day(d + 6 * 86_400_000)}`;
  };
  const patientId = (): string => `PID${pad(Math.floor(ask() * patients), 7)}`;

  function* records(): Generator<IndexRecord> {
    const rand = prng(seed);
    for (let s = 0; s < studies; s++) {
      const p = Math.floor(rand() * patients);
      const patient = {
        PatientID: `PID${pad(p, 7)}`,
        IssuerOfPatientID: 'NL-BSN',
        PatientName: `${FAMILIES[(Math.imul(p, 2654435761) >>> 0) % FAMILIES.length]}^${GIVEN[(p >> 5) % GIVEN.length]}`,
        PatientBirthDate: `19${pad(40 + (p % 60), 2)}0101`,
        PatientSex: p % 2 ? 'M' : 'F',
      };
      const study = {
        StudyInstanceUID: studyUid(s),
        StudyDate: someDay(rand),
        StudyTime: `${pad(Math.floor(rand() * 24), 2)}${pad(Math.floor(rand() * 60), 2)}00`,
        AccessionNumber: `ACC${pad(s, 8)}`,
        StudyID: String(s % 1000),
        StudyDescription: 'Imaging study',
        ReferringPhysicianName: 'MARTIN^CLAIRE',
        InstitutionName: 'Hospital',
      };
      for (let k = 0; k < seriesPerStudy; k++) {
        const ds = {
          ...patient, ...study, SeriesInstanceUID: `${studyUid(s)}.${k + 1}`, Modality: pick(rand, MODALITIES), SeriesNumber: k + 1,
          SOPInstanceUID: `${studyUid(s)}.${k + 1}.1`, SOPClassUID: '1.2.840.10008.5.1.4.1.1.2', InstanceNumber: 1,
        };
        yield recordFromDataset(ds, { path: `/nowhere/${s}/${k}.dcm`, transferSyntaxUid: '1.2.840.10008.1.2.1', size: 524_288 });
      }
    }
  }

  return {
    studies,
    records,
    queries: {
      'PatientID exact': () => ({ PatientID: patientId() }),
      'PatientName DOE*': () => ({ PatientName: 'DOE*' }),
      'PatientName <family>^<given>*': () => ({ PatientName: `${pick(ask, FAMILIES)}^${pick(ask, GIVEN).slice(0, 2)}*` }),
      'StudyDate one day': () => ({ StudyDate: someDay(ask) }),
      'StudyDate 7-day range': () => ({ StudyDate: week() }),
      'AccessionNumber exact': () => ({ AccessionNumber: `ACC${pad(Math.floor(ask() * studies), 8)}` }),
      'ModalitiesInStudy MG + 7-day range': () => ({ ModalitiesInStudy: 'MG', StudyDate: week() }),
      'ModalitiesInStudy CT\\MR + PatientID': () => ({ ModalitiesInStudy: ['CT', 'MR'], PatientID: patientId() }),
      'StudyInstanceUID list of 20': () => ({ StudyInstanceUID: Array.from({ length: 20 }, () => studyUid(Math.floor(ask() * studies))) }),
    },
  };
}

/** Return keys of a typical study-level worklist query. */
export const STUDY_RETURN_KEYS = {
  QueryRetrieveLevel: 'STUDY', StudyInstanceUID: '', PatientName: '', PatientID: '', PatientBirthDate: '', PatientSex: '', StudyDate: '',
  StudyTime: '', AccessionNumber: '', StudyID: '', StudyDescription: '', ReferringPhysicianName: '', ModalitiesInStudy: '',
  NumberOfStudyRelatedSeries: '', NumberOfStudyRelatedInstances: '',
} as const;
