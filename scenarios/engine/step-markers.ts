/**
 * The engine records a marker message before and after each step, so that reports and evidence
 * readers can tie every message recorded in between to the step that caused it.
 */
import type { EvidenceEntry, EvidenceSink } from '../../simulators/evidence/evidence.ts';
import type { StepRun } from '../scenario.ts';

export const STEP_MARKER = 'ixh-step';

export function isStepMarker(entry: Pick<EvidenceEntry, 'transaction' | 'actor'>): boolean {
  return entry.actor === 'harness' && entry.transaction === STEP_MARKER;
}

/**
 * Runs a step between two evidence markers, so that reports can tie every message recorded in
 * between to the step (a message recorded late by a server falls to the next step or to none).
 */
export async function withStepMarkers(evidence: EvidenceSink, runId: { readonly scenarioId: string; readonly variant: string }, stepId: string, run: () => Promise<StepRun>): Promise<StepRun> {
  const mark = (edge: 'start' | 'end') => evidence.record({ actor: 'harness', peer: `${runId.scenarioId}/${runId.variant}`, transaction: STEP_MARKER, direction: edge === 'start' ? 'request' : 'response', format: 'json', body: { json: { ...runId, step: stepId, edge } } });
  const startedAt = new Date().toISOString();
  const from = await mark('start');
  const result = await run();
  const to = await mark('end');
  return { ...result, startedAt, ...(from && to && { evidence: { from: from.seq, to: to.seq } }) };
}

