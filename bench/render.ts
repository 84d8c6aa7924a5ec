/** Renders benchmark results as the markdown of docs/benchmarks.md. Pure: results in, text out. */
import type { CFindLatency } from './cfind-latency.ts';
import type { CrossBorder } from './cross-border.ts';
import { renderCrossBorder } from './render-cross-border.ts';
import type { StoreThroughput } from './store-throughput.ts';
import { renderStrokePush, type StrokePush } from './stroke-push.ts';

export interface BenchmarkResults {
  readonly environment: Readonly<Record<string, string>>;
  readonly store?: StoreThroughput;
  readonly find?: CFindLatency;
  readonly exchange?: CrossBorder;
  readonly push?: StrokePush;
}

const f = (n: number, digits = 1): string => n.toFixed(digits);

export function renderBenchmarks(results: BenchmarkResults): string {
  const lines: string[] = ['# Benchmarks', '', 'Produced by `npm run bench` (bench/run.ts); re-run it to refresh this page. Figures are from one run on one machine: compare the ratios, not the absolute numbers, across machines.', ''];
  lines.push('| environment | |', '|---|---|', ...Object.entries(results.environment).map(([k, v]) => `| ${k} | ${v} |`), '');

  const store = results.store;
  if (store) {
    const reference = store.paths[0]!;
    lines.push(
      '## C-STORE throughput',
      '',
      `${store.instances} CT instances, 512×512, 16-bit, ${f(store.bytes / 1e6)} MB, written by \`ixh fixtures\`; loopback; TCP_NODELAY on every side; median of ${store.rounds} rounds, each path run in turn per round with fresh receivers.`,
      'DCMTK times are whole `storescu` process wall times (its start-up is a few ms); the ixh SCU time runs from association request to release inside one process (`storeMany`, which reads the next file while awaiting each C-STORE-RSP; process start-up not counted).',
      '',
      '| path | median ms | MB/s | × DCMTK | receiver peak RSS | runs (ms) |',
      '|---|---:|---:|---:|---:|---|',
      ...store.paths.map((p) => `| ${p.name} | ${f(p.medianMs, 0)} | ${f(p.mbPerS)} | ${f(p.mbPerS / reference.mbPerS, 2)} | ${p.receiverPeakRssMb === undefined ? '' : `${f(p.receiverPeakRssMb, 0)} MB`} | ${p.runsMs.join(', ')} |`),
      '',
      'Targets (foundation issue): ixh SCP and ixh SCU ≥ 0.8× DCMTK.',
      '',
    );
  }

  const find = results.find;
  if (find) {
    lines.push(
      '## C-FIND latency',
      '',
      `Study Root, STUDY level, 15 return keys, over an index of ${find.studies.toLocaleString('en')} studies (3 series each; SQLite file${find.loadSeconds === undefined ? ', cached' : `, built in ${f(find.loadSeconds, 0)} s`}). One association; each query timed from C-FIND-RQ to the final C-FIND-RSP by an ixh SCU over loopback against \`ixh serve pacs --db\`.`,
      '',
      '| query | runs | p50 ms | p95 ms | p99 ms | mean matches |',
      '|---|---:|---:|---:|---:|---:|',
      ...find.perQuery.map((q) => `| ${q.query} | ${q.runs} | ${f(q.p50, 2)} | ${f(q.p95, 2)} | ${f(q.p99, 2)} | ${f(q.meanMatches, 1)} |`),
      `| **all** | ${find.overall.runs} | ${f(find.overall.p50, 2)} | **${f(find.overall.p95, 2)}** | ${f(find.overall.p99, 2)} | |`,
      '',
      `Target: p95 ≤ 20 ms. Server peak RSS: ${f(find.serverPeakRssMb, 0)} MB.`,
      '',
    );
  }
  if (results.exchange) lines.push(...renderCrossBorder(results.exchange, results.environment.date));
  if (results.push) lines.push(...renderStrokePush(results.push));
  return lines.join('\n');
}

/**
 * A page that keeps `previous`'s header (title and environment table, which the sections it
 * keeps were measured in) and its sections (by `## ` heading, in their order), and takes from
 * `fresh` every section it has: replaced where `previous` has the same heading, appended
 * otherwise. `fresh`'s header is used only when `previous` has none. For `--only …` runs.
 */
export function spliceSections(previous: string, fresh: string): string {
  const split = (page: string): { head: string; sections: Map<string, string> } => {
    const parts = page.split(/^(?=## )/m);
    const head = parts[0]?.startsWith('## ') ? '' : (parts.shift() ?? '');
    return { head, sections: new Map(parts.map((p) => [p.slice(0, p.indexOf('\n') === -1 ? p.length : p.indexOf('\n')).trim(), p])) };
  };
  const old = split(previous);
  const now = split(fresh);
  const ended = (text: string): string => (text.endsWith('\n') ? text : `${text}\n`);
  const sections = [...old.sections].map(([heading, text]) => now.sections.get(heading) ?? text);
  for (const [heading, text] of now.sections) if (!old.sections.has(heading)) sections.push(text);
  return [old.head.trim() ? old.head : now.head, ...sections].map(ended).join('').replace(/\n{3,}/g, '\n\n');
}
