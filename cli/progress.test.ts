import { describe, expect, it, vi } from 'vitest';
import type { StepRun } from '../scenarios/scenario.ts';
import { createProgress, formatBytes, formatDuration, progressTotal, type ProgressStream } from './progress.ts';

function fakeStream(columns?: number): ProgressStream & { text: () => string } {
  const chunks: string[] = [];
  return { write: (c: string) => chunks.push(c), ...(columns !== undefined && { columns }), text: () => chunks.join('') };
}

function step(stepId: string, outcome: StepRun['outcome'], bytes: number, durationMs = 1000): StepRun {
  return { stepId, title: stepId, actor: 'CZ hospital', outcome, durationMs, bytes, findings: [], notes: [], requirements: [] };
}

/** A clock the test moves by hand. */
function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 10_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

const main = { scenarioId: 'holiday-report', variant: 'main' };
const variant = { scenarioId: 'holiday-report', variant: 'unknown-patient' };

describe('progress without a terminal (CI)', () => {
  it('writes exactly one plain line per step, with no escape sequence and no carriage return', () => {
    const stream = fakeStream();
    const progress = createProgress({ stream, tty: false, total: { runs: 2, steps: 4 } });
    progress.onStep(main, step('list', 'pass', 2_500_000, 230));
    progress.onStep(main, step('retrieve', 'fail', 0, 40));
    progress.onStep(variant, step('list', 'error', 0, 5));
    progress.onStep(variant, step('retrieve', 'skip', 0, 0));
    progress.finish();
    const text = stream.text();
    expect(text).not.toMatch(/\u001b/);
    expect(text).not.toMatch(/\r/);
    expect(text.split('\n')).toEqual([
      'ixh run: holiday-report/main list pass 230 ms, 2.5 MB [1/4]',
      'ixh run: holiday-report/main retrieve fail 40 ms [2/4]',
      'ixh run: holiday-report/unknown-patient list error 5 ms [3/4]',
      'ixh run: holiday-report/unknown-patient retrieve skip 0 ms [4/4]',
      '',
    ]);
  });

  it('keeps control characters from ids out of the log', () => {
    const stream = fakeStream();
    createProgress({ stream, tty: false, total: { runs: 1, steps: 1 } }).onStep({ scenarioId: 'x\u001b[31m', variant: 'main\r' }, step('a\u0007', 'pass', 0));
    expect(stream.text()).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(stream.text()).toContain('x?[31m/main? a? pass');
  });

  it('never starts a redraw timer', () => {
    vi.useFakeTimers();
    try {
      const stream = fakeStream();
      createProgress({ stream, tty: false, total: { runs: 1, steps: 1 } });
      vi.advanceTimersByTime(5000);
      expect(stream.text()).toBe('');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('progress on a terminal', () => {
  it('prints finished steps as lines above one status line rewritten in place: run, step, bytes, throughput, ETA', () => {
    const stream = fakeStream();
    const c = clock();
    const progress = createProgress({ stream, tty: true, total: { runs: 2, steps: 4 }, now: c.now, refreshMs: 0 });
    c.advance(2000);
    progress.onStep(main, step('list', 'pass', 3_000_000));
    const first = stream.text();
    expect(first).toBe('\r\u001b[2Kixh run: holiday-report/main list \u001b[32mpass\u001b[0m 1000 ms, 3.0 MB [1/4]\n\r\u001b[2Kixh run: holiday-report/main last step list pass | run 1/2 | step 1/4 | 3.0 MB | 1.50 MB/s | ETA 6 s');
    c.advance(2000);
    progress.onStep(variant, step('list', 'fail', 1_000_000));
    const status = stream.text().split('\r\u001b[2K').at(-1)!;
    expect(status).toBe('ixh run: holiday-report/unknown-patient last step list fail | run 2/2 | step 2/4 | 4.0 MB | 1.00 MB/s | ETA 4 s');
    expect(stream.text()).toContain('\u001b[31mfail\u001b[0m');
    progress.finish();
    expect(stream.text().endsWith('\r\u001b[2K')).toBe(true); // the status line is gone, the step lines stay
    expect(stream.text().match(/\n/g)).toHaveLength(2);
  });

  it('cuts the status line to the terminal width so it never wraps (a wrapped line cannot be rewritten)', () => {
    const stream = fakeStream(40);
    createProgress({ stream, tty: true, total: { runs: 1, steps: 1 }, refreshMs: 0 }).onStep(main, step('list', 'pass', 0));
    const status = stream.text().split('\r\u001b[2K').at(-1)!;
    expect(status).toHaveLength(39);
  });

  it('redraws the status line while a long step runs, and stops on finish', () => {
    vi.useFakeTimers();
    try {
      const stream = fakeStream();
      const progress = createProgress({ stream, tty: true, total: { runs: 1, steps: 3 }, refreshMs: 500 });
      vi.advanceTimersByTime(1000);
      expect(stream.text().split('\r\u001b[2K').filter(Boolean)).toEqual([expect.stringMatching(/starting .* ETA \?$/), expect.stringMatching(/starting/)]);
      progress.finish();
      const after = stream.text();
      vi.advanceTimersByTime(5000);
      expect(stream.text()).toBe(after);
    } finally {
      vi.useRealTimers();
    }
  });

  it('counts an extra step (a variant whose arrangement threw) without showing more done than total', () => {
    const stream = fakeStream();
    const progress = createProgress({ stream, tty: true, total: { runs: 1, steps: 1 }, refreshMs: 0 });
    progress.onStep(variant, step('arrange', 'error', 0));
    progress.onStep(variant, step('list', 'skip', 0));
    expect(stream.text().split('\r\u001b[2K').at(-1)).toMatch(/step 2\/2 \| .* ETA 0 s$/);
  });
});

describe('progressTotal', () => {
  it('counts each scenario and each of its variants, with all their steps', () => {
    expect(progressTotal([{ steps: ['a', 'b', 'c'], variants: ['v', 'w'] }, { steps: ['a'] }])).toEqual({ runs: 4, steps: 3 * 3 + 1 });
    expect(progressTotal([])).toEqual({ runs: 0, steps: 0 });
  });
});

describe('formats', () => {
  it('writes bytes and durations for people', () => {
    expect([formatBytes(999), formatBytes(1500), formatBytes(2_345_678)]).toEqual(['999 B', '1.5 kB', '2.3 MB']);
    expect([formatDuration(4_400), formatDuration(125_000), formatDuration(3_700_000)]).toEqual(['4 s', '2 min 05 s', '1 h 01 min']);
  });
});
