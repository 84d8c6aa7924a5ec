/**
 * Progress of `ixh run` on stderr. On a terminal: every finished step as a line, and under them
 * one status line rewritten in place (scenario/variant, last step, steps done of total, bytes
 * moved, throughput, ETA). Without a terminal (CI logs): exactly one plain line per step, no
 * escape sequences and no carriage returns, because log viewers show those as garbage.
 */
import type { StepRun } from '../scenarios/scenario.ts';

export interface ProgressTotal {
  /** Runs expected: one per scenario plus one per negative variant. */
  readonly runs: number;
  /** Steps expected over all runs. */
  readonly steps: number;
}

export interface ProgressStream {
  write(chunk: string): unknown;
  /** Terminal width, when the stream is a terminal; the status line is cut to it so it never wraps. */
  readonly columns?: number;
}

export interface ProgressOptions {
  readonly stream: ProgressStream;
  readonly tty: boolean;
  readonly total: ProgressTotal;
  /** Milliseconds clock; injectable for tests. */
  readonly now?: () => number;
  /** How often a terminal's status line is redrawn while a step runs (elapsed time, ETA); 0 = only after steps. */
  readonly refreshMs?: number;
}

export interface RunId {
  readonly scenarioId: string;
  readonly variant: string;
}

export interface Progress {
  /** Call after each step (the engine's `onStep`). */
  onStep(run: RunId, step: StepRun): void;
  /** Removes the status line and stops redrawing; call once the run is over (also after a throw). */
  finish(): void;
}

/** What `runScenarios(definitions)` (ScenarioDefinition[]) will run: each scenario and each of its variants, all steps each. */
export function progressTotal(definitions: readonly { readonly steps: readonly unknown[]; readonly variants?: readonly unknown[] }[]): ProgressTotal {
  let runs = 0;
  let steps = 0;
  for (const d of definitions) {
    const n = 1 + (d.variants?.length ?? 0);
    runs += n;
    steps += n * d.steps.length;
  }
  return { runs, steps };
}

const CLEAR_LINE = '\r\u001b[2K';
const COLOURED: Readonly<Record<StepRun['outcome'], string>> = { pass: '\u001b[32mpass\u001b[0m', fail: '\u001b[31mfail\u001b[0m', error: '\u001b[35merror\u001b[0m', skip: 'skip' };
// C0 and C1 controls (ESC, CR, BEL…): an id or title carrying one must not steer the terminal or the log.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

export function createProgress(options: ProgressOptions): Progress {
  const { stream, tty } = options;
  const now = options.now ?? (() => performance.now());
  const started = now();
  const runsSeen = new Set<string>();
  let done = 0;
  let bytes = 0;
  let last: { run: RunId; step: StepRun } | undefined;
  let statusShown = false;
  let timer: ReturnType<typeof setInterval> | undefined;

  const status = (): string => {
    const elapsedMs = Math.max(now() - started, 0);
    const totalSteps = Math.max(options.total.steps, done);
    const where = last ? `${plain(`${last.run.scenarioId}/${last.run.variant}`)} last step ${plain(last.step.stepId)} ${last.step.outcome}` : 'starting worlds';
    // Mean wall-clock time per finished step, world start-ups included, times the steps left.
    const eta = done === 0 ? '?' : formatDuration(((totalSteps - done) * elapsedMs) / done);
    const line = `ixh run: ${where} | run ${runsSeen.size}/${Math.max(options.total.runs, runsSeen.size)} | step ${done}/${totalSteps} | ${formatBytes(bytes)} | ${formatRate(bytes, elapsedMs)} | ETA ${eta}`;
    return stream.columns && stream.columns > 1 ? line.slice(0, stream.columns - 1) : line;
  };

  const drawStatus = (): void => {
    stream.write(`${CLEAR_LINE}${status()}`);
    statusShown = true;
  };

  if (tty && (options.refreshMs ?? 1000) > 0) {
    timer = setInterval(drawStatus, options.refreshMs ?? 1000);
    timer.unref(); // never keeps the process alive on its own
  }

  return {
    onStep(run, step) {
      done++;
      bytes += step.bytes;
      runsSeen.add(`${run.scenarioId}/${run.variant}`);
      last = { run, step };
      if (!tty) {
        stream.write(`${stepLine(run, step, step.outcome, `${done}/${Math.max(options.total.steps, done)}`)}\n`);
        return;
      }
      stream.write(`${CLEAR_LINE}${stepLine(run, step, COLOURED[step.outcome], `${done}/${Math.max(options.total.steps, done)}`)}\n`);
      drawStatus();
    },
    finish() {
      if (timer) clearInterval(timer);
      timer = undefined;
      if (statusShown) stream.write(CLEAR_LINE);
      statusShown = false;
    },
  };
}

/** `ixh run: <scenario>/<variant> <step> <outcome> <ms> ms, <bytes> [<done>/<total>]` */
function stepLine(run: RunId, step: StepRun, outcome: string, count: string): string {
  const moved = step.bytes > 0 ? `, ${formatBytes(step.bytes)}` : '';
  return `ixh run: ${plain(`${run.scenarioId}/${run.variant}`)} ${plain(step.stepId)} ${outcome} ${step.durationMs} ms${moved} [${count}]`;
}

function plain(s: string): string {
  return s.replace(CONTROL, '?');
}

export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)} kB`;
  return `${(n / 1_000_000).toFixed(1)} MB`;
}

function formatRate(bytes: number, elapsedMs: number): string {
  if (elapsedMs <= 0) return '- MB/s';
  return `${(bytes / 1_000_000 / (elapsedMs / 1000)).toFixed(2)} MB/s`;
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${String(s % 60).padStart(2, '0')} s` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
