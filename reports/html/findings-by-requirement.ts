/**
 * Every finding of the run grouped by the requirement it bears on (a finding naming several
 * requirements appears under each), with the catalogue text and coverage status of the
 * requirement, and a link to the message the finding is about (`findingMessage`). Repeated
 * info findings of one rule in one step (e.g. "not evaluated" per document) fold into one row.
 */
import type { ScenarioRun, StepRun } from '../../scenarios/scenario.ts';
import { type Finding, SEVERITY_ORDER } from '../../validators/finding.ts';
import { findingMessage, type ReportMessage, type RunReport, runName } from '../run-model.ts';
import { esc } from './escape.ts';

export interface FindingRow {
  readonly requirement: string;
  readonly run: ScenarioRun;
  readonly step: StepRun;
  readonly finding: Finding;
  readonly message?: ReportMessage;
  /** How many alike info findings this row stands for (1 for most). */
  readonly count: number;
}

export const NO_REQUIREMENT = '(no requirement)';

export function findingRows(report: RunReport): FindingRow[] {
  const rows: FindingRow[] = [];
  const folded = new Map<string, number>();
  for (const run of report.runs) {
    for (const step of run.steps) {
      for (const finding of step.findings) {
        const message = findingMessage(report, run, step, finding);
        for (const requirement of finding.requirements.length > 0 ? finding.requirements : [NO_REQUIREMENT]) {
          const key = [requirement, runName(run), step.stepId, finding.ruleId].join('\u0000');
          const at = finding.severity === 'info' ? folded.get(key) : undefined;
          if (at !== undefined) {
            rows[at] = { ...rows[at]!, count: rows[at]!.count + 1 };
            continue;
          }
          if (finding.severity === 'info') folded.set(key, rows.length);
          rows.push({ requirement, run, step, finding, ...(message && { message }), count: 1 });
        }
      }
    }
  }
  return rows;
}

/** Requirement groups: those with errors first, then in catalogue order; rows by severity. */
export function groupByRequirement(rows: readonly FindingRow[], catalogueOrder: readonly string[]): [string, FindingRow[]][] {
  const groups = new Map<string, FindingRow[]>();
  for (const row of rows) groups.set(row.requirement, [...(groups.get(row.requirement) ?? []), row]);
  const position = (id: string): number => {
    const i = catalogueOrder.indexOf(id);
    return i < 0 ? catalogueOrder.length : i;
  };
  const worst = (list: readonly FindingRow[]): number => Math.min(...list.map((r) => SEVERITY_ORDER[r.finding.severity]));
  return [...groups]
    .map(([id, list]): [string, FindingRow[]] => [id, [...list].sort((a, b) => SEVERITY_ORDER[a.finding.severity] - SEVERITY_ORDER[b.finding.severity])])
    .sort((a, b) => worst(a[1]) - worst(b[1]) || position(a[0]) - position(b[0]) || a[0].localeCompare(b[0]));
}

export function findingsSection(report: RunReport, rows: readonly FindingRow[] = findingRows(report)): string {
  const coverage = new Map(report.coverage.map((c) => [c.id, c]));
  const groups = groupByRequirement(rows, report.coverage.map((c) => c.id));
  const counts = (['error', 'warning', 'info'] as const).map((s) => `<label><input type="checkbox" class="sev-filter" value="${s}" checked> ${s} (${rows.filter((r) => r.finding.severity === s).length})</label>`);
  const head = '<thead><tr><th>Rule</th><th>Severity</th><th>Run / step</th><th>Finding</th><th>Expected</th><th>Actual</th><th>Message</th></tr></thead>';
  const bodies = groups.map(([id, list]) => {
    const req = coverage.get(id);
    const title = `${esc(id)}${req ? ` — ${esc(req.text)} <span class="badge ${esc(req.status)}">${esc(req.status)}</span>` : ''}`;
    return `<tbody class="req-group" data-requirement="${esc(id)}"><tr class="req-head"><th colspan="7">${title}</th></tr>\n${list.map(findingRow).join('\n')}</tbody>`;
  });
  return [
    '<section id="findings"><h2>Findings by requirement</h2>',
    rows.length === 0 ? '<p class="empty">No findings.</p>' : `<p class="filters">Show: ${counts.join(' ')}</p>`,
    `<table id="findings-table" class="findings">${head}\n${bodies.join('\n')}</table>`,
    '</section>',
  ].join('\n');
}

function findingRow(row: FindingRow): string {
  const f = row.finding;
  const where = `${runName(row.run)} / ${row.step.stepId}`;
  const more = row.count > 1 ? ` <span class="more">(and ${row.count - 1} more like it)</span>` : '';
  const subject = f.subject || f.path ? `<div class="subject">${esc(f.subject)}${f.path ? ` · ${esc(f.path)}` : ''}</div>` : '';
  const link = row.message
    ? `<a class="msg-link" href="#msg-${row.message.seq}">#${row.message.seq} ${esc(row.message.transaction)} ${esc(row.message.direction)}</a>`
    : '<span class="none">no message</span>';
  return [
    `<tr class="finding sev-${esc(f.severity)}" data-severity="${esc(f.severity)}">`,
    `<td><code>${esc(f.ruleId)}</code><div class="spec">${esc(f.specRef)}</div></td>`,
    `<td><span class="badge ${esc(f.severity)}">${esc(f.severity)}</span></td>`,
    `<td><a href="#run-${esc(runAnchor(row.run))}">${esc(where)}</a></td>`,
    `<td>${esc(f.message)}${more}${subject}</td>`,
    `<td>${esc(f.expected ?? '')}</td>`,
    `<td>${esc(f.actual ?? '')}</td>`,
    `<td>${link}</td>`,
    '</tr>',
  ].join('');
}

/** The id suffix of a run's section. */
export function runAnchor(run: Pick<ScenarioRun, 'scenarioId' | 'variant'>): string {
  return runName(run).replace(/[^A-Za-z0-9_.-]/g, '-');
}
