/**
 * `ixh run --suite ncp-a|ncp-b [--sut URL]`: option checks, and a whole run against a SUT that is
 * not there (it must fail with a finding, exit 1, never a harness error or a hang).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CliError } from '../command.ts';
import { runCommand, selectSuite } from './run.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ixh run --suite', () => {
  it('selects the self-test without --sut and the SUT run with it; refuses bad combinations', () => {
    const [selfTest] = selectSuite('ncp-a', undefined, false);
    expect(selfTest!.id).toBe('ncp-a');
    expect(selfTest!.variants!.map((v) => v.id)).toContain('fault-accept-unsigned');
    const [sut] = selectSuite('ncp-b', 'http://127.0.0.1:9/ncp', false);
    expect(sut!.variants).toEqual([]);
    expect(() => selectSuite('ncp-z', undefined, false)).toThrow(/unknown suite "ncp-z"; suites: ncp-a, ncp-b/);
    expect(() => selectSuite(undefined, 'http://x/', false)).toThrow(/--sut needs --suite/);
    expect(() => selectSuite('ncp-a', undefined, true)).toThrow(CliError);
    expect(() => selectSuite('ncp-a', 'not a url', false)).toThrow(/--sut must be an http\(s\) URL/);
    expect(() => selectSuite('ncp-a', 'ftp://x/', false)).toThrow(/--sut must be an http\(s\) URL/);
  });

  it('runs ncp-a against an unreachable SUT: exit 1 with ncp-a.reachable, the rest skipped', async () => {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const code = await runCommand(['--suite', 'ncp-a', '--sut', 'http://127.0.0.1:9/ncp', '--json']);
    vi.restoreAllMocks();
    const { runs } = JSON.parse(out) as { runs: { outcome: string; steps: { stepId: string; outcome: string; findings: { ruleId: string }[] }[] }[] };
    expect(code).toBe(1);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.steps[0]).toMatchObject({ stepId: 'xcpd', outcome: 'fail' });
    expect(runs[0]!.steps[0]!.findings.map((f) => f.ruleId)).toContain('ncp-a.reachable');
    expect(runs[0]!.steps.slice(1).every((s) => s.outcome === 'skip')).toBe(true);
  }, 120_000);
});
