import { describe, expect, it } from 'vitest';
import { leakVerdict, loadOptionsFromArgs, renderConnectathonLoad, type ConnectathonLoad } from './connectathon-load.ts';

const series = (rss: (t: number) => number): { atS: number; rssMb: number }[] => Array.from({ length: 61 }, (_, i) => ({ atS: i * 5, rssMb: rss(i * 5) }));

describe('leakVerdict', () => {
  it('calls RSS that grows during warm-up and then stays level flat', () => {
    const v = leakVerdict(series((t) => (t < 60 ? 200 + t : 260 + (t % 10 === 0 ? 3 : -3))));
    expect(v.flat).toBe(true);
    expect(Math.abs(v.secondHalfSlopeMbPerMin)).toBeLessThan(2);
  });

  it('calls RSS that keeps climbing through the second half growing', () => {
    const v = leakVerdict(series((t) => 200 + t * 0.5));
    expect(v.flat).toBe(false);
    expect(v.secondHalfSlopeMbPerMin).toBeCloseTo(30, 0);
    expect(v.secondHalfGrowthPercent).toBeGreaterThan(10);
  });

  it('refuses a run with fewer than two samples', () => {
    expect(() => leakVerdict([{ atS: 0, rssMb: 100 }])).toThrow(/two samples/);
  });
});

describe('loadOptionsFromArgs', () => {
  it('defaults to 300 s, 20 sessions, 5 C-STOREs/s each', () => {
    expect(loadOptionsFromArgs(undefined, undefined, undefined)).toEqual({ seconds: 300, sessions: 20, ratePerSession: 5 });
  });
  it('rejects nonsense with a message naming the option', () => {
    expect(() => loadOptionsFromArgs('abc', undefined, undefined)).toThrow(/--seconds/);
    expect(() => loadOptionsFromArgs('20', '0', undefined)).toThrow(/--sessions/);
    expect(() => loadOptionsFromArgs('20', '20', '-1')).toThrow(/--rate/);
  });
});

describe('renderConnectathonLoad', () => {
  it('renders one `## Connectathon load` section with the headline figures and the verdict', () => {
    const samples = series(() => 250).map((s) => ({ ...s, attributed: 0, msgsPerS: 0, validated: 0, pending: 0, p50Ms: 1, p95Ms: 2, heapUsedMb: 90, loopDelayP99Ms: 5 }));
    const load: ConnectathonLoad = {
      sessions: 20, seconds: 300, batch: 20, soapEvery: 5, ratePerSession: 5, instanceBytes: 10_240, stores: 30_000, storeFailures: 0, soapRequests: 300, soapFailures: 0,
      attributed: 96_000, storeErrors: 0, msgsPerS: 320, storesPerS: 100, validation: { validated: 31_200, p50Ms: 3.2, p95Ms: 12.5, maxMs: 40 }, worstSampleP95Ms: 14,
      drainMs: 3, samples, leak: leakVerdict(samples), errors: ['LOAD_01: boom'],
    };
    const text = renderConnectathonLoad(load, { date: '2026-11-28', command: 'npm run bench -- --only connectathon', machine: '2 × CPU' }).join('\n');
    expect(text.match(/^## /gm)).toEqual(['## ']);
    expect(text).toContain('| **messages per second** (stored) | **320** |');
    expect(text).toContain('**12.5**');
    expect(text).toMatch(/leak verdict.*\| flat/);
    expect(text).toContain('- LOAD_01: boom');
  });
});
