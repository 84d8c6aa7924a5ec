/**
 * The sequence diagram of a session, drawn by the report's own renderer: the session's stored
 * messages become `ReportMessage`s of one synthetic run with a single step ("live"), and any
 * message an error finding is about is drawn failed.
 */
import { MESSAGE_TEXT_LIMIT, type ReportMessage } from '../../reports/run-model.ts';
import { deriveExchanges } from '../../reports/html/exchanges.ts';
import { sequenceDiagram } from '../../reports/html/sequence-diagram.ts';
import type { ScenarioRun } from '../../scenarios/scenario.ts';
import { evidenceFileName } from '../evidence/recorder.ts';
import type { SessionStore, StoredMessage } from './store/session-store.ts';

/** The diagram shows the most recent messages only: a session may run for days. */
export const DIAGRAM_MESSAGES = 300;
const STEP = 'live';

function reportMessage(store: SessionStore, m: StoredMessage, step: string): ReportMessage {
  // A-ASSOCIATE records teach the diagram which actor owns an AE title: their text is needed.
  const withText = m.format === 'json' || m.format === 'xml' || m.format === 'txt';
  const body = withText ? store.body(m.sessionId, m.seq) : undefined;
  const text = body ? Buffer.from(body.subarray(0, MESSAGE_TEXT_LIMIT)).toString('utf8') : undefined;
  const { sessionId: _s, format: _f, ...rest } = m;
  return { ...rest, file: evidenceFileName(m.seq, m), step, ...(text !== undefined && { text, truncated: body!.byteLength > MESSAGE_TEXT_LIMIT }) };
}

export function sessionDiagram(store: SessionStore, sessionId: string, countries: readonly string[]): { svg: string; messages: number } {
  const total = store.messages(sessionId).length;
  const recent = store.messages(sessionId, Math.max(0, total - DIAGRAM_MESSAGES), DIAGRAM_MESSAGES);
  const run: ScenarioRun = {
    scenarioId: 'session',
    variant: sessionId,
    outcome: 'pass',
    steps: [],
    durationMs: 0,
    requirements: [],
  };
  const failedSeqs = new Set(store.findings(sessionId).filter((f) => f.severity === 'error').map((f) => f.messageSeq));
  const stepName = `session/${sessionId}/${STEP}`;
  const messages = recent.map((m) => reportMessage(store, m, stepName));
  const first = recent[0];
  const last = recent.at(-1);
  const durationMs = first && last ? Date.parse(last.time) - Date.parse(first.time) : 0;
  const bytes = recent.reduce((n, m) => n + m.bytes, 0);
  const outcome = failedSeqs.size > 0 && recent.some((m) => failedSeqs.has(m.seq)) ? 'fail' : 'pass';
  const withStep: ScenarioRun = {
    ...run,
    outcome,
    steps: [{ stepId: STEP, title: `${recent.length} of ${total} messages`, actor: 'vendor', outcome, durationMs, bytes, findings: [], notes: [], requirements: [] }],
  };
  const svg = sequenceDiagram({ run: withStep, exchanges: deriveExchanges(messages), treating: '', countries, failedSeqs });
  return { svg, messages: recent.length };
}
