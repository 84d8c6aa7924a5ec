/**
 * The main job's speed (scenarios issue: `npx ixh run --all` under 20 s on 2 cores): runs the real
 * CLI several times on the embedded default world and reports wall time, CPU time and peak RSS of
 * each run (GNU time, `/usr/bin/time`), then the median. With `--write-docs` the section
 * "Scenario run (`ixh run --all`)" of docs/benchmarks.md is replaced (or added).
 *
 *   node --import ./bin/register-ts.mjs bench/scenario-run.ts [--runs 5] [--write-docs]
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { spliceSections } from './render.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, 'write-docs': { type: 'boolean', default: false } } });
const root = join(import.meta.dirname, '..');
const HEADING = '## Scenario run (`ixh run --all`)';

interface RunFigures {
  readonly wallS: number;
  readonly userS: number;
  readonly sysS: number;
  readonly maxRssMb: number;
  readonly summary: string;
  readonly exitCode: number;
}

function runAll(): Promise<RunFigures> {
  return new Promise((resolve, reject) => {
    execFile('/usr/bin/time', ['-f', 'IXH-TIME %e %U %S %M', process.execPath, 'bin/ixh.mjs', 'run', '--all'], { cwd: root, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const time = /IXH-TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
      if (!time) return reject(new Error(`no timing from /usr/bin/time (is GNU time installed?): ${err?.message ?? stderr.slice(-500)}`));
      const summary = stdout.trim().split('\n').at(-1) ?? '';
      resolve({ wallS: Number(time[1]), userS: Number(time[2]), sysS: Number(time[3]), maxRssMb: Number(time[4]) / 1024, summary, exitCode: typeof err?.code === 'number' ? err.code : 0 });
    });
  });
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const runs: RunFigures[] = [];
for (let i = 0; i < Number(values.runs); i++) {
  const run = await runAll();
  process.stderr.write(`bench: run ${i + 1}: ${run.wallS.toFixed(2)} s wall, ${run.userS.toFixed(2)} s user, ${run.maxRssMb.toFixed(0)} MB; ${run.summary}\n`);
  runs.push(run);
}
const rows = runs.map((r, i) => `| ${i + 1} | ${r.wallS.toFixed(2)} | ${(r.userS + r.sysS).toFixed(2)} | ${r.maxRssMb.toFixed(0)} | ${r.exitCode} |`);
const section = `${HEADING}

\`npx ixh run --all\` on the embedded default world: ${runs[0]?.summary ?? ''}. The real CLI, one process,
${cpus().length} cores, ${new Date().toISOString().slice(0, 10)}; worlds started in the background while the first runs go
(bench/scenario-run.ts, ${runs.length} runs).

| run | wall s | CPU s (user + sys) | peak RSS MB | exit |
|---:|---:|---:|---:|---:|
${rows.join('\n')}

Median wall time **${median(runs.map((r) => r.wallS)).toFixed(2)} s** (target: under 20 s on 2 cores). The
wall time is about the CPU time: one JS thread does the work of every simulated actor, and the
largest waits (the slow-link variant's SLA, link latencies) overlap with worlds starting.
`;
process.stdout.write(`${section}\n`);
if (values['write-docs']) {
  const page = join(root, 'docs', 'benchmarks.md');
  await writeFile(page, spliceSections(await readFile(page, 'utf8'), section));
}
