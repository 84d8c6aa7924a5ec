/**
 * The world `ixh serve world` starts when given no file: all six fixture countries, every actor
 * simulated, fixed ports. CZ is the treating country in the seed's stories (its NCP-B asks the
 * others); BE answers over eHDSI ORCD so both exchange profiles run in the default world.
 * `examples/default-world.yaml` spells out the same world; a test keeps the two equal.
 */
import { applyDefaults } from './world-defaults.ts';
import { DEFAULT_WORLD_SEED, type WorldConfig } from './world-config.ts';
import type { WorldFile } from './world-schema.ts';

export const DEFAULT_WORLD_FILE: WorldFile = {
  name: 'default',
  seed: DEFAULT_WORLD_SEED,
  profile: 'xca-i',
  countries: [{ code: 'CZ' }, { code: 'NL' }, { code: 'FR' }, { code: 'BE', profile: 'ehdsi-orcd' }, { code: 'AT' }, { code: 'DE' }],
};

export function defaultWorld(): WorldConfig {
  return applyDefaults(DEFAULT_WORLD_FILE, 'default').world;
}
