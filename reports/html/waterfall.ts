/**
 * The timing waterfall of one run as inline SVG: a bar per step on the run's time axis, its SLA
 * budget as a marker (a budget beyond the axis is named at its right edge rather than squashing
 * every bar), a step over its budget drawn red.
 */
import type { ScenarioRun, StepRun } from '../../scenarios/scenario.ts';
import { runName } from '../run-model.ts';
import { esc, formatMs } from './escape.ts';

const LABEL_W = 170;
const PLOT_W = 560;
const VALUE_W = 150;
const ROW_H = 20;
const AXIS_H = 22;

export interface WaterfallBar {
  readonly step: StepRun;
  /** Offset from the run's first step start, ms; undefined for a step that never ran. */
  readonly offsetMs?: number;
  readonly overBudget: boolean;
}

export function waterfallBars(run: ScenarioRun): WaterfallBar[] {
  const starts = run.steps.map((s) => (s.startedAt ? Date.parse(s.startedAt) : NaN)).filter(Number.isFinite);
  const origin = starts.length > 0 ? Math.min(...starts) : 0;
  return run.steps.map((step) => {
    const t = step.startedAt ? Date.parse(step.startedAt) : NaN;
    return {
      step,
      ...(Number.isFinite(t) && { offsetMs: t - origin }),
      overBudget: step.budgetMs !== undefined && step.durationMs > step.budgetMs,
    };
  });
}

export function waterfall(run: ScenarioRun): string {
  const bars = waterfallBars(run);
  const end = Math.max(1, ...bars.map((b) => (b.offsetMs ?? 0) + b.step.durationMs));
  const axisMs = niceCeil(end * 1.05);
  const scale = (ms: number): number => LABEL_W + (ms / axisMs) * PLOT_W;
  const width = LABEL_W + PLOT_W + VALUE_W;
  const height = AXIS_H + bars.length * ROW_H + 6;
  const out: string[] = [
    `<svg class="waterfall" role="img" aria-label="timing waterfall of ${esc(runName(run))}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title>Timing waterfall: ${esc(runName(run))}</title>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const ms = (axisMs * i) / 4;
    const gx = scale(ms);
    out.push(`<line class="grid" x1="${gx}" y1="${AXIS_H - 4}" x2="${gx}" y2="${height}"/>`);
    out.push(`<text class="tick" x="${gx}" y="${AXIS_H - 8}">${esc(formatMs(ms))}</text>`);
  }
  bars.forEach((bar, i) => {
    const y = AXIS_H + i * ROW_H;
    const { step } = bar;
    out.push(`<text class="wf-label" x="${LABEL_W - 6}" y="${y + ROW_H - 6}">${esc(step.stepId)}</text>`);
    if (bar.offsetMs === undefined) {
      out.push(`<text class="wf-value skip" x="${LABEL_W + 4}" y="${y + ROW_H - 6}">${esc(step.outcome === 'skip' ? 'skipped' : step.outcome)}</text>`);
      return;
    }
    const x0 = scale(bar.offsetMs);
    const w = Math.max(2, scale(bar.offsetMs + step.durationMs) - x0);
    const cls = `bar ${esc(step.outcome)}${bar.overBudget ? ' over' : ''}`;
    const tip = `${step.stepId}: ${formatMs(step.durationMs)}${step.budgetMs !== undefined ? ` of ${formatMs(step.budgetMs)} budget` : ''} (${step.outcome})`;
    out.push(`<rect class="${cls}" x="${x0}" y="${y + 4}" width="${w}" height="${ROW_H - 8}"><title>${esc(tip)}</title></rect>`);
    out.push(budgetMarker(step.budgetMs, bar.offsetMs, axisMs, scale, y));
    const value = `${formatMs(step.durationMs)}${step.budgetMs !== undefined ? ` / ${formatMs(step.budgetMs)}` : ''}${bar.overBudget ? ' over budget' : ''}`;
    out.push(`<text class="wf-value${bar.overBudget ? ' over' : ''}" x="${LABEL_W + PLOT_W + 6}" y="${y + ROW_H - 6}">${esc(value)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}

function budgetMarker(budgetMs: number | undefined, offsetMs: number, axisMs: number, scale: (ms: number) => number, y: number): string {
  if (budgetMs === undefined) return '';
  const at = offsetMs + budgetMs;
  if (at > axisMs) {
    return `<text class="budget-off" x="${scale(axisMs) - 2}" y="${y + ROW_H - 6}">budget ${esc(formatMs(budgetMs))} ▸</text>`;
  }
  const bx = scale(at);
  return `<line class="budget" x1="${bx}" y1="${y + 1}" x2="${bx}" y2="${y + ROW_H - 1}"><title>SLA budget ${esc(formatMs(budgetMs))}</title></line>`;
}

/** 1, 2 or 5 × a power of ten, at least `ms`: round axis ticks. */
export function niceCeil(ms: number): number {
  const p = 10 ** Math.floor(Math.log10(Math.max(ms, 1)));
  for (const m of [1, 2, 5, 10]) if (m * p >= ms) return m * p;
  return 10 * p;
}
