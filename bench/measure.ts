/** Small timing helpers shared by the benchmarks: medians, percentiles, peak RSS of a process. */
import { readFile } from 'node:fs/promises';

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** Peak resident set size of a live process (VmHWM), in MB. */
export async function peakRssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  if (!match) throw new Error(`no VmHWM for process ${pid}`);
  return Number(match[1]) / 1024;
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

export const mbPerS = (bytes: number, ms: number): number => bytes / 1e6 / (ms / 1000);

/**
 * Empties every file under `dir` but keeps the files: frees their page cache (so later rounds do
 * not run with less free memory) without deleting inodes (which would slow the next file
 * creations on ext4). The files themselves go when the benchmark ends.
 */
export async function truncateTree(dir: string): Promise<void> {
  const { readdir, truncate } = await import('node:fs/promises');
  const { join } = await import('node:path');
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) await truncate(join(entry.parentPath, entry.name), 0);
  }
}
