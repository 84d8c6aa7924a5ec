/**
 * Whether a recorded status means the exchange went wrong. Statuses are whatever the actor
 * recorded: an HTTP code with a reason ("400 Fault:Sender"), a DIMSE status ("0xA700"), an ebXML
 * registry status word ("Failure 4701", "PartialSuccess"), an association decision ("rejected").
 */
export type ExchangeState = 'ok' | 'partial' | 'failed';

const HTTP_CODE = /^\s*(\d{3})\b/;
const DIMSE_STATUS = /^\s*0x([0-9a-f]{4})\s*$/i;
/** DIMSE Pending (C-FIND/C-MOVE intermediate answers) is not a failure. */
const DIMSE_PENDING = new Set(['ff00', 'ff01']);
const FAILURE_WORDS = /\b(failure|fault|rejected|aborted|failed|error)\b/i;
const PARTIAL_WORDS = /\bpartial(success)?\b/i;

export function exchangeState(status: string | undefined): ExchangeState {
  if (status === undefined || status.trim() === '') return 'ok';
  const dimse = DIMSE_STATUS.exec(status);
  if (dimse) {
    const code = dimse[1]!.toLowerCase();
    return code === '0000' || DIMSE_PENDING.has(code) ? 'ok' : 'failed';
  }
  const http = HTTP_CODE.exec(status);
  if (http && Number(http[1]) >= 400) return 'failed';
  if (FAILURE_WORDS.test(status)) return 'failed';
  if (PARTIAL_WORDS.test(status)) return 'partial';
  return 'ok';
}

/** The worse of two states (failed > partial > ok). */
export function worse(a: ExchangeState, b: ExchangeState): ExchangeState {
  const rank: Record<ExchangeState, number> = { ok: 0, partial: 1, failed: 2 };
  return rank[a] >= rank[b] ? a : b;
}
