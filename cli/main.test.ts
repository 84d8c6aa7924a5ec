import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTool } from '../peers/run-tool.ts';

const IXH = join(import.meta.dirname, '..', 'bin', 'ixh.mjs');
const ixh = (...args: string[]) => runTool(process.execPath, [IXH, ...args], { timeoutMs: 30_000 });

describe('ixh command line', () => {
  it('prints usage with --help and exits 0', async () => {
    const result = await ixh('--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/ixh fixtures generate/);
    expect(result.stdout).toMatch(/ixh serve pacs/);
  });

  it('prints one command\'s usage with <command> --help, and runs nothing', async () => {
    const result = await ixh('run', '--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/ixh run <scenario\.\.\.\|--all>/);
    expect(result.stdout).toMatch(/--report DIR/);
    expect(result.stdout).not.toMatch(/ixh serve/);
    expect((await ixh('verify-evidence', '-h')).stdout).toMatch(/^Usage:\n {2}ixh verify-evidence DIR/);
  });

  it.each([
    [['bogus'], /unknown command "bogus"/],
    [['fixtures', 'generate', '--seed', '1'], /--out DIR is required/],
    [['fixtures', 'generate', '--out', '/tmp/x', '--matrix', '100'], /--matrix must be one of 64, 256, 512/],
    [['fixtures', 'generate', '--out', '/tmp/x', '--countries', 'XX'], /unknown country "XX"/],
    [['fixtures', 'generate', '--out', '/tmp/x', '--seed', 'abc'], /--seed must be a non-negative integer/],
    [['fixtures', 'generate', '--out', '/tmp/x', '--seed', '99999999999'], /--seed must be at most 2147483648/],
    [['serve', 'pacs', '--data', '/nonexistent/ixh'], /does not exist/],
    [['serve', 'pacs', '--peer', 'NOPORT'], /--peer must look like AE=host:port/],
    [['serve', 'pacs', '--fault', 'explode'], /unknown fault "explode"/],
    [['serve', 'pacs', '--ae', 'A_VERY_LONG_AE_TITLE_X'], /--ae must be 1-16/],
    [['serve', 'pacs', '--unknown-flag'], /Unknown option '--unknown-flag'/],
    [['serve', 'storescp'], /--out DIR is required/],
    [['serve', 'nothing'], /ixh serve storescp/],
  ])('rejects %j with a clear message and exit code 2, no stack trace', async (args, message) => {
    const result = await ixh(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
