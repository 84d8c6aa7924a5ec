import { describe, expect, it } from 'vitest';
import { deriveExchanges } from './exchanges.ts';
import { arrowLabel, sequenceDiagram } from './sequence-diagram.ts';
import { testReport } from './test-report.ts';

describe('sequenceDiagram', () => {
  const report = testReport();
  const run = report.runs[0]!;
  const exchanges = deriveExchanges(report.messages);
  const svg = sequenceDiagram({ run, exchanges, treating: 'CZ', countries: ['CZ', 'NL'], failedSeqs: new Set() });

  it('draws country bands, lanes, a band per step and an arrow per exchange linking its message', () => {
    expect(svg.startsWith('<svg class="seq"')).toBe(true);
    expect(svg.match(/class="country"/g)).toHaveLength(2);
    expect(svg.match(/class="lane"/g)).toHaveLength(4);
    expect(svg.match(/class="step-band/g)).toHaveLength(run.steps.length);
    expect(svg.match(/<a class="arrow /g)).toHaveLength(exchanges.length);
    expect(svg).toContain('href="#msg-1"');
  });

  it('labels arrows with transaction and duration, folded ones with count and bytes', () => {
    expect(svg).toContain('>ITI-55 60 ms<');
    expect(arrowLabel({ ...exchanges.find((e) => e.transaction === 'C-STORE')!, count: 300, bytes: 12.3 * 1024 * 1024, startMs: 0, endMs: 2100 })).toBe('C-STORE ×300, 12.3 MB, 2.1 s');
  });

  it('draws failed exchanges and those a failing finding is about red', () => {
    expect(svg).toMatch(/<a class="arrow failed" href="#msg-9">/);
    const flagged = sequenceDiagram({ run, exchanges, treating: 'CZ', countries: ['CZ', 'NL'], failedSeqs: new Set([1]) });
    expect(flagged).toMatch(/<a class="arrow failed" href="#msg-1">/);
    expect(svg).toMatch(/<a class="arrow ok" href="#msg-1">/);
  });

  it('escapes what it shows', () => {
    const odd = sequenceDiagram({ run: { ...run, steps: [{ ...run.steps[0]!, title: '<script>x</script>' }] }, exchanges, treating: 'CZ', countries: ['CZ', 'NL'], failedSeqs: new Set() });
    expect(odd).not.toContain('<script>');
  });
});
