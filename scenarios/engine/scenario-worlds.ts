/**
 * The worlds scenarios run on. A scenario's world file is the base file (the embedded default
 * world, or the user's `--world`) restricted to the countries the scenario names, adjusted by the
 * scenario's `configure` and the variant's `world`, with every simulated port set to 0. Runs whose
 * final files are equal (as stable JSON) share one started world; the pool stops them all.
 */
import { join } from 'node:path';
import { cacheDir } from '../../fixtures/fixture-cache.ts';
import type { EvidenceSink } from '../../simulators/evidence/evidence.ts';
import { worldTaggedSink } from '../../simulators/evidence/prefixed-sink.ts';
import { DEFAULT_WORLD_FILE } from '../../simulators/world/default-world.ts';
import { startWorld, type RunningWorld } from '../../simulators/world/start-world.ts';
import { applyDefaults } from '../../simulators/world/world-defaults.ts';
import type { CountryFile, WorldFile } from '../../simulators/world/world-schema.ts';
import type { ScenarioDefinition, Variant } from '../scenario.ts';

/** The embedded default world without synthetic patients: the seed's named patients are all the scenarios need. */
export const SCENARIO_BASE_WORLD: WorldFile = { ...DEFAULT_WORLD_FILE, patients: 0 };

/** The world file a run of `definition` (or of one of its variants) needs. */
export function scenarioWorldFile(definition: ScenarioDefinition, variant: Variant | undefined, base: WorldFile = SCENARIO_BASE_WORLD, seed?: number): WorldFile {
  const countries = definition.world.countries.map((code) => {
    const country = base.countries.find((c) => c.code === code);
    if (!country) throw new Error(`scenario ${definition.id} needs country ${code}, which the world "${base.name ?? 'world'}" does not have`);
    return country;
  });
  let file: WorldFile = { ...base, name: `${base.name ?? 'world'}-${definition.id}`, countries, ...(seed !== undefined && { seed }) };
  if (definition.world.configure) file = definition.world.configure(file);
  if (variant?.world) file = variant.world(file);
  return { ...file, countries: file.countries.map(onFreePorts) };
}

/** Port 0 ("any free port") for every simulated listener; a SUT keeps its address. */
function onFreePorts(country: CountryFile): CountryFile {
  const pacs = country.pacs === false || country.pacs?.sut ? country.pacs : { ...country.pacs, port: 0 };
  return { ...country, http: { ...country.http, port: 0 }, ...(pacs !== undefined && { pacs }) };
}

/** JSON with object keys sorted: equal files give equal keys whatever the order they were built in. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

export interface WorldPoolOptions {
  readonly evidence: EvidenceSink;
  /** The test PKI; `<cache>/pki` by default (shared by every world of the pool). */
  readonly pkiDir?: string;
  readonly log?: (line: string) => void;
  /** Cross-border call timeout of the worlds. */
  readonly timeoutMs?: number;
}

export interface WorldPool {
  /** The started world for this file: started on first use, shared afterwards. */
  worldFor(file: WorldFile): Promise<RunningWorld>;
  /**
   * The tag (`w1`, `w2`…) the world's actors mark their evidence with: worlds of one pool share a
   * sink, and one may start while another serves a run.
   */
  tagOf(world: RunningWorld): string | undefined;
  stop(): Promise<void>;
}

export function createWorldPool(options: WorldPoolOptions): WorldPool {
  const worlds = new Map<string, Promise<RunningWorld>>();
  const tags = new Map<RunningWorld, string>();
  let started = 0;
  return {
    tagOf: (world) => tags.get(world),
    worldFor(file) {
      const key = stableJson(file);
      let world = worlds.get(key);
      if (!world) {
        const { world: config, faultProblems } = applyDefaults(file, file.name ?? 'scenario');
        if (faultProblems.length > 0) return Promise.reject(new Error(`world ${config.name}: ${faultProblems.map((p) => p.message).join('; ')}`));
        const tag = `w${++started}`;
        world = startWorld(config, { evidence: worldTaggedSink(options.evidence, tag), pkiDir: options.pkiDir ?? join(cacheDir(), 'pki'), ...(options.log && { log: options.log }), ...(options.timeoutMs && { timeoutMs: options.timeoutMs }) });
        // Registered first, so the tag is known before any caller of worldFor sees the world.
        void world.then((w) => tags.set(w, tag), () => undefined);
        worlds.set(key, world);
      }
      return world;
    },
    async stop() {
      const started = await Promise.allSettled(worlds.values());
      worlds.clear();
      await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
    },
  };
}
