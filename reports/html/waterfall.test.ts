import { describe, expect, it } from 'vitest';
import { niceCeil, waterfall, waterfallBars } from './waterfall.ts';
import { testReport } from './test-report.ts';

describe('waterfall', () => {
  const run = testReport().runs[0]!;

  it('places each step at its offset and flags steps over budget', () => {
    const bars = waterfallBars(run);
    expect(bars.map((b) => [b.step.stepId, b.offsetMs, b.overBudget])).toEqual([
      ['identify', 0, false],
      ['list', 100, true],
      ['import', 200, false],
      ['later', undefined, false],
    ]);
  });

  it('draws a bar per step that ran, budget markers, over-budget red and skipped steps as text', () => {
    const svg = waterfall(run);
    expect(svg.match(/<rect class="bar /g)).toHaveLength(3);
    expect(svg).toContain('class="bar fail over"');
    expect(svg.match(/class="budget"/g)?.length).toBeGreaterThanOrEqual(2);
    expect(svg).toContain('>skipped<');
    expect(svg).toContain('150 ms / 100 ms over budget');
  });

  it('rounds the axis to 1, 2 or 5 × 10^n', () => {
    expect([niceCeil(0.5), niceCeil(130), niceCeil(4800), niceCeil(1000)]).toEqual([1, 200, 5000, 1000]);
  });
});
