/**
 * acute-spine with FR's imaging source reading its PACS by C-GET (`imagingSource.retrieve: c-get`):
 * the same verdict as reading the PACS's files, so the `origin-pacs-refuses` variant fails only
 * because of the refusal it plants.
 */
import { describe, expect, it } from 'vitest';
import { acuteSpine } from './acute-spine.scenario.ts';
import { runScenario } from './engine/run-scenario.ts';
import { withCountry } from './steps/world-file.ts';

describe('acute-spine over an imaging source that reads its PACS by C-GET', () => {
  it('passes, and the images crossed the PACS\'s DIMSE face', async () => {
    const overCGet = { ...acuteSpine, world: { ...acuteSpine.world, configure: (file: Parameters<typeof withCountry>[0]) => withCountry(file, 'FR', (fr) => ({ ...fr, imagingSource: { retrieve: 'c-get' as const } })) } };
    const { createEvidenceRecorder } = await import('../simulators/evidence/recorder.ts');
    const evidence = createEvidenceRecorder();
    const run = await runScenario(overCGet, { evidence });
    expect(run.outcome, JSON.stringify(run.steps.filter((s) => s.outcome !== 'pass'), null, 1)).toBe('pass');
    const gets = evidence.entries().filter((e) => e.actor.startsWith('FR.') && e.transaction === 'C-GET');
    expect(gets.length).toBeGreaterThan(0);
  }, 60_000);
});
