/**
 * The sequence diagram of one run as inline SVG: a lane per actor grouped under country bands,
 * a band per step, an arrow per exchange labelled with its transaction and duration (folded runs
 * of identical exchanges show their count and bytes), failed exchanges red, each arrow a link to
 * the message it stands for.
 */
import type { ScenarioRun } from '../../scenarios/scenario.ts';
import { runName } from '../run-model.ts';
import { esc, formatBytes, formatMs } from './escape.ts';
import type { Exchange } from './exchanges.ts';
import { type LaneGroup, laneGroups } from './lanes.ts';

export interface DiagramInput {
  readonly run: ScenarioRun;
  readonly exchanges: readonly Exchange[];
  /** The treating country and the scenario's countries (for lane grouping). */
  readonly treating: string;
  readonly countries: readonly string[];
  /** Messages a failing finding is about: the exchange carrying one is drawn failed. */
  readonly failedSeqs: ReadonlySet<number>;
}

const MARGIN = 8;
const LANE_W = 168;
const GROUP_GAP = 16;
const BAND_H = 22;
const HEAD_H = 26;
const STEP_H = 22;
const ROW_H = 30;

export function arrowLabel(e: Exchange): string {
  const parts = [e.count > 1 ? `${e.transaction} ×${e.count}` : e.transaction];
  if (e.count > 1) parts.push(formatBytes(e.bytes));
  const label = `${parts.join(', ')}${e.count > 1 ? ',' : ''} ${formatMs(e.endMs - e.startMs)}`;
  return e.state === 'ok' || e.status === undefined ? label : `${label} — ${e.status}`;
}

export function effectiveState(e: Exchange, failedSeqs: ReadonlySet<number>): Exchange['state'] {
  return e.seqs.some((s) => failedSeqs.has(s)) ? 'failed' : e.state;
}

export function sequenceDiagram(input: DiagramInput): string {
  const { run, exchanges } = input;
  const ids = exchanges.flatMap((e) => [e.from, e.to]);
  const groups = laneGroups(ids, input.treating, input.countries);
  const x = laneCenters(groups);
  const width = MARGIN * 2 + groups.reduce((w, g) => w + g.lanes.length * LANE_W, 0) + GROUP_GAP * Math.max(0, groups.length - 1);
  const body: string[] = [];
  let y = BAND_H + HEAD_H + 6;
  const prefix = `${runName(run)}/`;
  for (const step of run.steps) {
    const stepExchanges = exchanges.filter((e) => e.step === `${prefix}${step.stepId}`);
    body.push(stepBand(step.stepId, step.title, step.outcome, step.durationMs, y, width));
    y += STEP_H;
    for (const e of stepExchanges) {
      body.push(arrow(e, effectiveState(e, input.failedSeqs), x, y));
      y += ROW_H;
    }
  }
  const height = y + MARGIN;
  const name = esc(runName(run));
  return [
    `<svg class="seq" role="img" aria-label="sequence diagram of ${name}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title>Sequence diagram: ${name}</title>`,
    header(groups, x, height),
    ...body,
    '</svg>',
  ].join('\n');
}

function laneCenters(groups: readonly LaneGroup[]): Map<string, number> {
  const x = new Map<string, number>();
  let left = MARGIN;
  for (const g of groups) {
    for (const lane of g.lanes) {
      x.set(lane.id, left + LANE_W / 2);
      left += LANE_W;
    }
    left += GROUP_GAP;
  }
  return x;
}

function header(groups: readonly LaneGroup[], x: ReadonlyMap<string, number>, height: number): string {
  const out: string[] = [];
  for (const g of groups) {
    const first = x.get(g.lanes[0]!.id)! - LANE_W / 2;
    const w = g.lanes.length * LANE_W;
    out.push(`<rect class="country" x="${first + 2}" y="0" width="${w - 4}" height="${BAND_H}" rx="3"/>`);
    out.push(`<text class="country-label" x="${first + w / 2}" y="${BAND_H - 6}">${esc(g.country === '' ? 'other peers' : g.country)}</text>`);
    for (const lane of g.lanes) {
      const cx = x.get(lane.id)!;
      out.push(`<line class="lifeline" x1="${cx}" y1="${BAND_H + HEAD_H}" x2="${cx}" y2="${height - MARGIN}"/>`);
      out.push(`<rect class="lane" x="${cx - LANE_W / 2 + 8}" y="${BAND_H + 3}" width="${LANE_W - 16}" height="${HEAD_H - 6}" rx="3"/>`);
      out.push(`<text class="lane-label" x="${cx}" y="${BAND_H + HEAD_H - 9}"><title>${esc(lane.id)}</title>${esc(lane.label)}</text>`);
    }
  }
  return out.join('\n');
}

function stepBand(stepId: string, title: string, outcome: string, durationMs: number, y: number, width: number): string {
  const text = `${stepId} — ${title} · ${outcome}${outcome === 'skip' ? '' : ` · ${formatMs(durationMs)}`}`;
  return [
    `<rect class="step-band ${esc(outcome)}" x="${MARGIN}" y="${y}" width="${width - MARGIN * 2}" height="${STEP_H - 4}" rx="2"/>`,
    `<text class="step-label" x="${MARGIN + 6}" y="${y + STEP_H - 9}">${esc(text)}</text>`,
  ].join('\n');
}

function arrow(e: Exchange, state: Exchange['state'], x: ReadonlyMap<string, number>, top: number): string {
  const x1 = x.get(e.from)!;
  const x2 = x.get(e.to)!;
  const y = top + ROW_H - 9;
  const label = esc(arrowLabel(e));
  const tip = esc(`${e.from} → ${e.to}: ${e.transaction}${e.count > 1 ? ` ×${e.count}` : ''}, ${formatBytes(e.bytes)}, ${formatMs(e.endMs - e.startMs)}${e.status ? `, ${e.status}` : ''} (message ${e.requestSeq})`);
  const open = `<a class="arrow ${state}" href="#msg-${e.requestSeq}"><title>${tip}</title>`;
  if (x1 === x2) {
    const d = `M ${x1} ${y - 8} h 22 v 8 h -18`;
    return `${open}<path class="line" d="${d}"/>${head(x1 + 4, y, -1)}<text class="arrow-label self" x="${x1 + 28}" y="${y - 2}">${label}</text></a>`;
  }
  const dir = x2 > x1 ? 1 : -1;
  return [
    open,
    `<line class="line" x1="${x1}" y1="${y}" x2="${x2 - dir * 6}" y2="${y}"/>`,
    head(x2, y, dir),
    `<text class="arrow-label" x="${(x1 + x2) / 2}" y="${y - 5}">${label}</text>`,
    '</a>',
  ].join('');
}

function head(x: number, y: number, dir: 1 | -1): string {
  return `<polygon class="head" points="${x},${y} ${x - dir * 8},${y - 4} ${x - dir * 8},${y + 4}"/>`;
}
