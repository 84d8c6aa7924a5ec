/**
 * The messages of the run, per run and step. A message an arrow or a finding links to is shown
 * whole (metadata and escaped text, collapsed in `<details>`); the rest of a step's messages are
 * listed with their metadata only, so a run of thousands of C-STOREs stays a sane page. Every
 * message has an `id="msg-<seq>"` anchor either way, so no link dangles.
 */
import type { ScenarioRun } from '../../scenarios/scenario.ts';
import { type ReportMessage, type RunReport, runName } from '../run-model.ts';
import { esc, formatBytes, formatMs } from './escape.ts';
import { exchangeState } from './exchange-status.ts';

export function messagesSection(report: RunReport, linked: ReadonlySet<number>): string {
  const byStep = new Map<string, ReportMessage[]>();
  for (const m of report.messages) byStep.set(m.step, [...(byStep.get(m.step) ?? []), m]);
  const runs = report.runs.map((run) => runMessages(run, byStep, linked));
  return [
    '<section id="messages"><h2>Messages</h2>',
    `<p class="note">${report.messages.length} messages recorded during steps (${report.otherMessages} more during world start-up and teardown are in the evidence directory only). Messages an arrow or a finding links to are shown with their text; the others with their metadata.</p>`,
    ...runs,
    '</section>',
  ].join('\n');
}

function runMessages(run: ScenarioRun, byStep: ReadonlyMap<string, readonly ReportMessage[]>, linked: ReadonlySet<number>): string {
  const steps = run.steps.flatMap((step) => {
    const name = `${runName(run)}/${step.stepId}`;
    const messages = byStep.get(name) ?? [];
    if (messages.length === 0) return [];
    const shown = messages.filter((m) => linked.has(m.seq));
    const rest = messages.filter((m) => !linked.has(m.seq));
    return [
      `<details class="step-msgs"><summary>${esc(name)} — ${messages.length} messages</summary>`,
      ...shown.map(fullMessage),
      rest.length > 0 ? `<table class="msg-list"><thead><tr><th>#</th><th>time</th><th>actor</th><th>peer</th><th>transaction</th><th>status</th><th>bytes</th><th>file</th></tr></thead><tbody>${rest.map(metadataRow).join('')}</tbody></table>` : '',
      '</details>',
    ];
  });
  return steps.length === 0 ? '' : `<h3>${esc(runName(run))}</h3>\n${steps.join('\n')}`;
}

function stateClass(m: ReportMessage): string {
  return `st-${exchangeState(m.status)}`;
}

function fullMessage(m: ReportMessage): string {
  const meta = [
    `${m.actor} ↔ ${m.peer}`,
    `${m.transaction} ${m.direction}`,
    m.status ? `status ${m.status}` : '',
    formatBytes(m.bytes),
    m.durationMs !== undefined ? formatMs(m.durationMs) : '',
    m.time,
  ].filter(Boolean);
  const body =
    m.text !== undefined
      ? `<pre>${esc(m.text)}</pre>${m.truncated ? `<p class="note">cut at ${formatBytes(m.text.length)}; the whole body is <code>${esc(m.file)}</code> in the evidence directory</p>` : ''}`
      : `<p class="note">binary body (${formatBytes(m.bytes)}): <code>${esc(m.file)}</code> in the evidence directory</p>`;
  return [
    `<details class="msg ${stateClass(m)}" id="msg-${m.seq}"><summary><b>#${m.seq}</b> ${esc(meta.join(' · '))}</summary>`,
    `<dl class="meta"><dt>file</dt><dd><code>${esc(m.file)}</code></dd>${m.association ? `<dt>association</dt><dd><code>${esc(m.association)}</code></dd>` : ''}<dt>step</dt><dd>${esc(m.step)}</dd></dl>`,
    body,
    '</details>',
  ].join('\n');
}

function metadataRow(m: ReportMessage): string {
  return `<tr id="msg-${m.seq}" class="${stateClass(m)}"><td>${m.seq}</td><td>${esc(m.time.slice(11, 23))}</td><td>${esc(m.actor)}</td><td>${esc(m.peer)}</td><td>${esc(m.transaction)} ${m.direction === 'request' ? '→' : '←'}</td><td>${esc(m.status ?? '')}</td><td>${m.bytes}</td><td>${esc(m.file)}</td></tr>`;
}
