/** The summary at the top and one section per run: verdict, steps table, sequence diagram, waterfall. */
import type { ScenarioRun } from '../../scenarios/scenario.ts';
import { type RunReport, runName, type ScenarioInfo } from '../run-model.ts';
import { esc, formatBytes, formatMs } from './escape.ts';
import type { Exchange } from './exchanges.ts';
import { runAnchor } from './findings-by-requirement.ts';
import { sequenceDiagram } from './sequence-diagram.ts';
import { waterfall } from './waterfall.ts';

export function summarySection(report: RunReport): string {
  const s = report.summary;
  const cells: [string, string, string?][] = [
    ['runs', String(s.runs)],
    ['pass', String(s.pass), 'pass'],
    ['fail', String(s.fail), s.fail > 0 ? 'fail' : ''],
    ['error', String(s.error), s.error > 0 ? 'error' : ''],
    ['steps', String(s.steps)],
    ['exit code', String(s.exitCode), s.exitCode === 0 ? 'pass' : 'fail'],
  ];
  const details: [string, string][] = [
    ['duration', formatMs(report.durationMs)],
    ['started', report.startedAt],
    ['finished', report.finishedAt],
    ['profile', report.profile],
    ['seed', report.seed === undefined ? '–' : String(report.seed)],
    ['tool', `${report.tool.name} ${report.tool.version}`],
    ['messages', `${report.messages.length} during steps, ${report.otherMessages} outside`],
  ];
  return [
    '<section id="summary"><h2>Summary</h2>',
    `<table class="summary"><tr>${cells.map(([k]) => `<th>${esc(k)}</th>`).join('')}</tr><tr>${cells.map(([, v, c]) => `<td class="big ${c ?? ''}">${esc(v)}</td>`).join('')}</tr></table>`,
    `<table class="summary-details">${details.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`,
    runIndex(report),
    '</section>',
  ].join('\n');
}

function runIndex(report: RunReport): string {
  const rows = report.runs.map(
    (r) =>
      `<tr><td><a href="#run-${esc(runAnchor(r))}">${esc(runName(r))}</a></td><td><span class="badge ${esc(r.outcome)}">${esc(r.outcome)}</span></td><td>${esc(formatMs(r.durationMs))}</td><td>${r.expectedFailure ? `expects <code>${esc(r.expectedFailure.ruleId)}</code>: ${r.expectedFailure.detected ? 'detected' : 'missed'}` : ''}</td></tr>`,
  );
  return [
    '<h3>Runs</h3><p><label><input type="checkbox" id="only-failing"> show only runs that did not pass</label></p>',
    `<table class="runs"><thead><tr><th>run</th><th>outcome</th><th>duration</th><th>negative variant</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
  ].join('\n');
}

export interface RunSectionInput {
  readonly run: ScenarioRun;
  readonly info?: ScenarioInfo;
  readonly exchanges: readonly Exchange[];
  readonly failedSeqs: ReadonlySet<number>;
}

export function runSection({ run, info, exchanges, failedSeqs }: RunSectionInput): string {
  const variant = info?.variants.find((v) => v.id === run.variant);
  const title = variant ? `${info?.title ?? run.scenarioId} — variant: ${variant.title}` : (info?.title ?? run.scenarioId);
  const expected = run.expectedFailure
    ? `<p>Negative variant: the harness must raise <code>${esc(run.expectedFailure.ruleId)}</code>${run.expectedFailure.stepId ? ` in step <code>${esc(run.expectedFailure.stepId)}</code>` : ''} — ${run.expectedFailure.detected ? 'detected' : '<b>not detected</b>'}.</p>`
    : '';
  const diagram =
    exchanges.length > 0
      ? sequenceDiagram({ run, exchanges, treating: info?.treating ?? '', countries: info?.countries ?? [], failedSeqs })
      : '<p class="empty">No messages were recorded during this run\'s steps.</p>';
  return [
    `<section class="run ${esc(run.outcome)}" id="run-${esc(runAnchor(run))}">`,
    `<h3>${esc(runName(run))} <span class="badge ${esc(run.outcome)}">${esc(run.outcome)}</span> <small>${esc(formatMs(run.durationMs))}</small></h3>`,
    `<p>${esc(title)}</p>`,
    expected,
    stepsTable(run),
    '<h4>Sequence</h4>',
    `<div class="scroll">${diagram}</div>`,
    '<h4>Timing</h4>',
    `<div class="scroll">${waterfall(run)}</div>`,
    '</section>',
  ].join('\n');
}

function stepsTable(run: ScenarioRun): string {
  const rows = run.steps.map((s) => {
    const over = s.budgetMs !== undefined && s.durationMs > s.budgetMs;
    const notes = [...s.notes, ...(s.error ? [`harness error: ${s.error}`] : [])];
    return `<tr><td><code>${esc(s.stepId)}</code> ${esc(s.title)}</td><td>${esc(s.actor)}</td><td><span class="badge ${esc(s.outcome)}">${esc(s.outcome)}</span></td><td class="${over ? 'over' : ''}">${esc(formatMs(s.durationMs))}${s.budgetMs !== undefined ? ` / ${esc(formatMs(s.budgetMs))}` : ''}</td><td>${s.bytes > 0 ? esc(formatBytes(s.bytes)) : ''}</td><td>${s.findings.length || ''}</td><td>${notes.map(esc).join('<br>')}</td></tr>`;
  });
  return `<table class="steps"><thead><tr><th>step</th><th>actor</th><th>outcome</th><th>time / budget</th><th>bytes</th><th>findings</th><th>notes</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
