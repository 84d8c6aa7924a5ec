/**
 * Interop (issue 5 §4): ms-attack and acute-spine with Orthanc as country A's PACS, a real
 * third-party PACS behind the simulated imaging source and NCP-A. Orthanc is loaded by C-STORE
 * (DCMTK storescu) from the fixtures of each scenario's world; the world file makes NL's (FR's)
 * PACS a `sut:`, so NL publishes what Orthanc answers to C-FIND and serves RAD-69 by C-GET from it.
 *
 * Then the latest MR study of ms-follow-up is deleted from Orthanc (REST) while the NL registry
 * still lists its manifest: ms-attack must fail at step `images` with `ms-attack.images.complete`
 * (RAD-69 cannot return the instances the manifest references). A world started after the loss
 * publishes one manifest fewer: manifests are built from what the PACS answers, not from the fixtures.
 *
 *   CZ hospital ─▶ CZ NCP-B ─(XCA, XCA-I)─▶ NL NCP-A ─▶ NL XDS + imaging source ─C-FIND/C-GET─▶ Orthanc
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cachedFixtures } from '../../fixtures/fixture-cache.ts';
import type { CountryCode } from '../../fixtures/model.ts';
import { assertToolOk, storescu } from '../../peers/dcmtk/tools.ts';
import { orthancRest, type OrthancRest } from '../../peers/orthanc/orthanc-rest.ts';
import { startOrthanc, type OrthancPeer } from '../../peers/orthanc/orthanc-peer.ts';
import { ORTHANC_BINARY } from '../../peers/orthanc/process-launcher.ts';
import { acuteSpine } from '../../scenarios/acute-spine.scenario.ts';
import { runScenario } from '../../scenarios/engine/run-scenario.ts';
import { createWorldPool, SCENARIO_BASE_WORLD, scenarioWorldFile, type WorldPool } from '../../scenarios/engine/scenario-worlds.ts';
import { msAttack } from '../../scenarios/ms-attack.scenario.ts';
import type { ScenarioDefinition, ScenarioRun } from '../../scenarios/scenario.ts';
import { withCountry } from '../../scenarios/steps/world-file.ts';
import { createEvidenceRecorder } from '../../simulators/evidence/recorder.ts';
import type { EvidenceSink } from '../../simulators/evidence/evidence.ts';
import { applyDefaults } from '../../simulators/world/world-defaults.ts';
import type { WorldFile } from '../../simulators/world/world-schema.ts';
import { hasBinary, peerDescribe } from './require-peer.ts';

const describeWithOrthanc = await peerDescribe('orthanc-process', () => hasBinary(ORTHANC_BINARY));
const AE = 'IXH-ORTHANC';

/** The scenario's base world with `code`'s PACS being Orthanc. */
function withOrthanc(orthanc: OrthancPeer, code: CountryCode): WorldFile {
  return withCountry(SCENARIO_BASE_WORLD, code, (c) => ({ ...c, pacs: { sut: { host: '127.0.0.1', port: orthanc.dicomPort, aeTitle: AE } } }));
}

/** C-STOREs the fixture files of `code` (as the scenario's world generates them) into Orthanc. */
async function load(orthanc: OrthancPeer, definition: ScenarioDefinition, worldFile: WorldFile, code: CountryCode): Promise<void> {
  const { world } = applyDefaults(scenarioWorldFile(definition, undefined, worldFile), definition.id);
  const dir = await cachedFixtures({ seed: world.seed, patients: world.patientsPerCountry, countries: world.countries.map((c) => c.code) });
  expect((await readdir(join(dir, code))).length).toBeGreaterThan(0);
  assertToolOk('storescu', await storescu('127.0.0.1', orthanc.dicomPort, AE, [join(dir, code)], { aet: 'IXH_LOADER', timeoutMs: 60_000, extraArgs: ['+sd', '+r'] }));
}

const summary = (run: ScenarioRun): string => run.steps.map((s) => `${s.stepId}: ${s.outcome}${s.error ? ` (${s.error})` : ''}${s.findings.filter((f) => f.severity === 'error').map((f) => ` ${f.ruleId}: ${f.message}`).join(';')}`).join('\n');

describeWithOrthanc('ms-attack and acute-spine with Orthanc as country A\'s PACS', () => {
  let orthanc: OrthancPeer | undefined;
  let rest: OrthancRest;
  let evidence: EvidenceSink;
  let pool: WorldPool | undefined;
  let nlWorld: WorldFile;
  let frWorld: WorldFile;

  beforeAll(async () => {
    orthanc = await startOrthanc({ launcher: 'process', aeTitle: AE });
    rest = orthancRest(orthanc.restUrl);
    evidence = createEvidenceRecorder();
    pool = createWorldPool({ evidence, timeoutMs: 10_000 });
    nlWorld = withOrthanc(orthanc, 'NL');
    frWorld = withOrthanc(orthanc, 'FR');
    await load(orthanc, msAttack, nlWorld, 'NL');
    await load(orthanc, acuteSpine, frWorld, 'FR');
  }, 120_000);

  afterAll(async () => {
    await pool?.stop();
    await orthanc?.stop();
    await evidence?.close();
  });

  it('acute-spine passes with FR\'s PACS being Orthanc', async () => {
    const run = await runScenario(acuteSpine, { worldFile: frWorld, evidence });
    expect(run.outcome, summary(run)).toBe('pass');
  }, 60_000);

  it('ms-attack passes with NL\'s PACS being Orthanc, and fails with ms-attack.images.complete once Orthanc loses the latest MR study', async () => {
    const world = await pool!.worldFor(scenarioWorldFile(msAttack, undefined, nlWorld));
    const nl = world.countries.get('NL')!;
    expect(nl.pacs, 'NL runs no simulated PACS').toBeUndefined();
    expect(nl.published.failed, nl.published.failures.join('; ')).toBe(0);
    const nlStudies = world.fixtures.patients.filter((p) => p.country === 'NL').flatMap((p) => p.studies).length;
    expect(nl.published.studies).toBe(nlStudies);
    const passed = await runScenario(msAttack, { world, evidence });
    expect(passed.outcome, summary(passed)).toBe('pass');

    const ms = world.fixtures.patients.find((p) => p.key === 'ms-follow-up')!;
    const latest = ms.studies.filter((s) => s.series.some((x) => x.modality === 'MR')).sort((a, b) => `${b.date}${b.time}`.localeCompare(`${a.date}${a.time}`))[0]!;
    const study = await rest.findStudy(latest.studyInstanceUid);
    expect(study, `Orthanc has no study ${latest.studyInstanceUid}`).toBeDefined();
    await rest.request('DELETE', `/studies/${study!.ID}`);
    expect(await rest.findStudy(latest.studyInstanceUid)).toBeUndefined();

    // A world started now publishes from what Orthanc holds: the lost study has no manifest.
    const fresh = createWorldPool({ evidence, timeoutMs: 10_000 });
    try {
      const republished = (await fresh.worldFor(scenarioWorldFile(msAttack, undefined, nlWorld))).countries.get('NL')!.published;
      expect(republished).toMatchObject({ studies: nlStudies - 1, failed: 0 });
    } finally {
      await fresh.stop();
    }

    const failed = await runScenario(msAttack, { world, evidence });
    expect(failed.outcome, summary(failed)).toBe('fail');
    const images = failed.steps.find((s) => s.stepId === 'images')!;
    expect(images.outcome, summary(failed)).toBe('fail');
    expect(images.findings.map((f) => f.ruleId)).toContain('ms-attack.images.complete');
    expect(failed.steps.filter((s) => s.outcome === 'fail').map((s) => s.stepId)).toEqual(['images']);
  }, 90_000);
});
