/**
 * One self-contained HTML file of a run (no network, no external assets): summary, per run a
 * sequence diagram and a timing waterfall, findings grouped by requirement with links to the
 * messages they concern, requirement coverage, and the messages themselves. Pure: RunReport in,
 * string out.
 */
import { findingMessage, type RunReport, runName } from '../run-model.ts';
import { coverageSection } from './coverage-table.ts';
import { deriveExchanges, type Exchange } from './exchanges.ts';
import { findingRows, findingsSection } from './findings-by-requirement.ts';
import { messagesSection } from './messages-section.ts';
import { page } from './page.ts';
import { runSection, summarySection } from './run-section.ts';

export function renderHtml(report: RunReport): string {
  const messagesByRun = new Map<string, RunReport['messages'][number][]>();
  for (const m of report.messages) {
    const run = m.step.split('/').slice(0, 2).join('/');
    messagesByRun.set(run, [...(messagesByRun.get(run) ?? []), m]);
  }
  const rows = findingRows(report);
  const linked = new Set<number>(rows.flatMap((r) => (r.message ? [r.message.seq] : [])));
  const runSections = report.runs.map((run) => {
    const exchanges: Exchange[] = deriveExchanges(messagesByRun.get(runName(run)) ?? []);
    for (const e of exchanges) {
      linked.add(e.requestSeq);
      if (e.responseSeq !== undefined) linked.add(e.responseSeq);
    }
    const failedSeqs = new Set(
      run.steps.flatMap((step) =>
        step.outcome === 'fail' || step.outcome === 'error'
          ? step.findings.filter((f) => f.severity === 'error').flatMap((f) => findingMessage(report, run, step, f)?.seq ?? [])
          : [],
      ),
    );
    const info = report.scenarios.find((s) => s.id === run.scenarioId);
    return runSection({ run, ...(info && { info }), exchanges, failedSeqs });
  });
  const nav = [
    { href: '#summary', label: 'Summary' },
    { href: '#runs', label: 'Runs' },
    { href: '#findings', label: 'Findings' },
    { href: '#coverage', label: 'Coverage' },
    { href: '#messages', label: 'Messages' },
  ];
  const title = `ixh run ${report.startedAt.slice(0, 19).replace('T', ' ')} — ${report.summary.pass}/${report.summary.runs} runs pass`;
  return page(title, nav, [
    summarySection(report),
    '<section id="runs"><h2>Runs</h2>',
    ...runSections,
    '</section>',
    findingsSection(report, rows),
    coverageSection(report.coverage),
    messagesSection(report, linked),
  ]);
}
