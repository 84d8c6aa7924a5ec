import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFolder } from './import-folder.ts';
import { createPacsIndex, type PacsIndex } from './pacs-index.ts';
import { sampleDataset, writePart10 } from './sample-datasets.ts';

let dir: string;
let index: PacsIndex;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-import-'));
  index = createPacsIndex({ path: ':memory:' });
});
afterEach(async () => {
  index.close();
  await rm(dir, { recursive: true, force: true });
});

describe('importFolder', () => {
  it('indexes *.dcm files recursively in place and reports the ones it skips', async () => {
    await mkdir(join(dir, 'FR', 'study1'), { recursive: true });
    await mkdir(join(dir, 'NL'), { recursive: true });
    const a = join(dir, 'FR', 'study1', 'a.dcm');
    await writePart10(a, sampleDataset({ studyUid: '1.1', seriesUid: '1.1.1', sopUid: '1.1.1.1', patientName: 'Dupont^Élise', patientId: 'FR1' }));
    await writePart10(join(dir, 'FR', 'study1', 'b.DCM'), sampleDataset({ studyUid: '1.1', seriesUid: '1.1.1', sopUid: '1.1.1.2', patientName: 'Dupont^Élise', patientId: 'FR1' }));
    await writePart10(join(dir, 'NL', 'c.dcm'), sampleDataset({ studyUid: '2.1', seriesUid: '2.1.1', sopUid: '2.1.1.1', patientId: 'NL1' }));
    await writePart10(join(dir, 'NL', 'no-series.dcm'), sampleDataset({ studyUid: '2.1', seriesUid: '', sopUid: '2.1.1.9' }));
    await writeFile(join(dir, 'NL', 'junk.dcm'), 'not dicom');
    await writeFile(join(dir, 'NL', 'readme.txt'), 'ignored');

    const report = await importFolder(index, dir);
    expect(report.indexed).toBe(3);
    expect(report.skipped).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: join(dir, 'NL', 'junk.dcm'), code: 'not-part10' }),
      expect.objectContaining({ path: join(dir, 'NL', 'no-series.dcm'), code: 'missing-attributes' }),
    ]));
    expect(report.skipped).toHaveLength(2);
    expect(index.selectForRetrieve('STUDY', 'SERIES', { StudyInstanceUID: '1.1', SeriesInstanceUID: '1.1.1' }).map((r) => r.path).sort())
      .toEqual([a, join(dir, 'FR', 'study1', 'b.DCM')]);
    expect(index.find('STUDY', 'STUDY', { StudyInstanceUID: '1.1', PatientName: 'DUPONT^ELISE' })).toEqual([
      { QueryRetrieveLevel: 'STUDY', StudyInstanceUID: '1.1', PatientName: [{ Alphabetic: 'Dupont^Élise' }], SpecificCharacterSet: 'ISO_IR 192' },
    ]);
  });
});
