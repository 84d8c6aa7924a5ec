/**
 * Test helper: a PACS holding one study on disk. The ms-follow-up patient's multi-series MR study
 * of the seed-7 NL world is written as Part 10 files (fixtures/write-fixtures.ts, 64×64) into a
 * temporary folder and indexed in an in-memory PacsIndex.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWorld } from '../../fixtures/world/build-world.ts';
import type { FixtureWorld } from '../../fixtures/model.ts';
import { writeFixtures } from '../../fixtures/write-fixtures.ts';
import { importFolder } from '../pacs/store/import-folder.ts';
import { createPacsIndex, type PacsIndex } from '../pacs/store/pacs-index.ts';
import { worldStudies, type WorldStudy } from './study-from-world.ts';

export interface TestPacs {
  readonly dir: string;
  readonly index: PacsIndex;
  readonly world: FixtureWorld;
  readonly ws: WorldStudy;
  readonly files: number;
  close(): Promise<void>;
}

/** The world reduced to the ms-follow-up patient and its first multi-series study. */
export function msFollowUpWorld(): FixtureWorld {
  const world = buildWorld({ seed: 7, patients: 0, countries: ['NL'] });
  const patient = world.patients.find((p) => p.key === 'ms-follow-up');
  const study = patient?.studies.find((s) => s.series.length > 1);
  if (!patient || !study) throw new Error('seed 7 NL world has no multi-series ms-follow-up study');
  return { ...world, patients: [{ ...patient, studies: [study] }] };
}

export async function openTestPacs(): Promise<TestPacs> {
  const world = msFollowUpWorld();
  const dir = await mkdtemp(join(tmpdir(), 'ixh-imaging-source-'));
  const index = createPacsIndex({ path: ':memory:' });
  try {
    const written = await writeFixtures(world, dir);
    const imported = await importFolder(index, dir);
    if (imported.skipped.length > 0) throw new Error(`PACS import skipped ${imported.skipped.length} file(s): ${imported.skipped[0]!.reason}`);
    return {
      dir,
      index,
      world,
      ws: worldStudies(world)[0]!,
      files: written.files,
      async close() {
        index.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    index.close();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}
