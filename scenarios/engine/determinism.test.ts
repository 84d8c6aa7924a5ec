/**
 * Determinism (issue 5 §6): the same seed and world give the same exchange — the same messages
 * between the same actors, with the same DICOM/XDS UIDs in their bodies — apart from what
 * must differ per run (timestamps, message ids, signatures, free ports).
 */
import { describe, expect, it } from 'vitest';
import { isStepMarker } from './step-markers.ts';
import { runScenario } from './run-scenario.ts';
import { scenarioById } from '../index.ts';
import { createEvidenceRecorder } from '../../simulators/evidence/recorder.ts';
import type { ScenarioRun } from '../scenario.ts';

/** OIDs of six or more arcs: study/series/instance UIDs, document and submission-set uniqueIds, community ids. */
const UID = /\b[0-2](?:\.(?:0|[1-9]\d*)){5,}\b/g;

interface RunFingerprint {
  readonly run: ScenarioRun;
  readonly messages: readonly string[];
  readonly uids: readonly string[];
}

/**
 * Every message recorded from the first step on, as a sorted multiset (fan-out and imports run
 * concurrently, and a late notice may fall on either side of a step boundary), and the UIDs in them.
 */
async function fingerprint(seed: number): Promise<RunFingerprint> {
  const evidence = createEvidenceRecorder();
  const run = await runScenario(scenarioById('holiday-report')!, { evidence, seed });
  await evidence.flush();
  const from = run.steps[0]?.evidence?.from ?? Infinity;
  const entries = evidence.entries().filter((e) => e.seq > from && !isStepMarker(e) && (e.world === undefined || e.world === run.world));
  const uids = new Set<string>();
  for (const e of entries.filter((x) => x.file.endsWith('.xml'))) for (const m of new TextDecoder().decode(await evidence.read(e)).matchAll(UID)) uids.add(m[0]);
  return { run, messages: entries.map((e) => `${e.actor} ${e.transaction} ${e.direction} ${e.status ?? ''}`).sort(), uids: [...uids].sort() };
}

describe('a scenario run is reproducible from its seed', () => {
  // That another seed gives other UIDs is fixtures/uid.test.ts's and build-world.test.ts's to prove.
  it('gives the same messages and UIDs twice with seed 7', async () => {
    const first = await fingerprint(7);
    const second = await fingerprint(7);
    expect(first.run.outcome).toBe('pass');
    expect(second.messages).toEqual(first.messages);
    expect(second.uids).toEqual(first.uids);
    expect(first.uids.length).toBeGreaterThan(10);
  }, 90_000);
});
