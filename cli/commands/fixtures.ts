import { resolve } from 'node:path';
import type { CountryCode } from '../../fixtures/model.ts';
import { buildWorld } from '../../fixtures/world/build-world.ts';
import { writeFixtures } from '../../fixtures/write-fixtures.ts';
import { MAX_SEED } from '../../fixtures/uid.ts';
import { CliError, integerOption, parseOptions, type Command } from '../command.ts';

const COUNTRIES: readonly CountryCode[] = ['CZ', 'FR', 'NL', 'AT', 'BE', 'DE'];
const MATRICES = [64, 256, 512] as const;

export const fixturesCommand: Command = async (argv) => {
  const { values, positionals } = parseOptions(argv, {
    seed: { type: 'string' },
    out: { type: 'string' },
    countries: { type: 'string' },
    patients: { type: 'string' },
    matrix: { type: 'string' },
    evidence: { type: 'string' },
  });
  if (positionals[0] !== 'generate') throw new CliError('usage: ixh fixtures generate --seed N --out DIR [--countries ..] [--patients N] [--matrix 64|256|512]');
  if (!values.out) throw new CliError('--out DIR is required');
  const seed = integerOption(values.seed, 'seed', 1);
  if (seed > MAX_SEED) throw new CliError(`--seed must be at most ${MAX_SEED}`);
  const patients = integerOption(values.patients, 'patients', 2);
  const matrix = integerOption(values.matrix, 'matrix', 64);
  if (!MATRICES.includes(matrix as (typeof MATRICES)[number])) throw new CliError(`--matrix must be one of ${MATRICES.join(', ')}`);
  const countries = values.countries ? parseCountries(values.countries) : undefined;

  const started = performance.now();
  const world = buildWorld({ seed, patients, matrix: matrix as 64 | 256 | 512, ...(countries ? { countries } : {}) });
  const result = await writeFixtures(world, resolve(values.out), { matrix: matrix as 64 | 256 | 512 });
  const studies = world.patients.reduce((n, p) => n + p.studies.length, 0);
  process.stdout.write(
    `fixtures: seed ${seed}, ${world.countries.length} countries, ${world.patients.length} patients, ${studies} studies, ` +
      `${result.files} files (${(result.bytes / 1e6).toFixed(1)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s\n` +
      `manifest: ${result.manifestPath}\n`,
  );
  return 0;
};

function parseCountries(text: string): CountryCode[] {
  const codes = text.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean);
  for (const code of codes) {
    if (!COUNTRIES.includes(code as CountryCode)) throw new CliError(`unknown country "${code}"; known: ${COUNTRIES.join(', ')}`);
  }
  return codes as CountryCode[];
}
