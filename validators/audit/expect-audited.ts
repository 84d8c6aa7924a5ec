/**
 * For scenarios: did a system audit what it should (GEN-08)? `expectAudited` looks among the
 * records of an Audit Record Repository for the one a transaction must have left, and returns
 * `audit.missing` (error) naming what was expected when there is none; when there is, the
 * record's own findings under the audit family, the expected purpose of use included.
 *
 * Which side wrote a record: an Export, or a transfer with action R, is the responder's; an
 * Import, or a transfer with action C, the initiator's. A query looks the same from both sides
 * (ITI TF-2 3.38.4.1.4), so it is told apart by `auditSourceId` when given, otherwise by whose
 * repository the records come from (each country has its own).
 */
import { EventId } from '../../simulators/audit/audit-codes.ts';
import type { PurposeOfUse } from '../../simulators/ncp/gateway-security.ts';
import type { XmlElement } from '../../simulators/soap/xml-tree.ts';
import type { Finding } from '../finding.ts';
import { auditedTransaction, isPatient, readAudit, type AuditView } from './audit-view.ts';
import { validateAudit } from './index.ts';

export interface AuditExpectation {
  /** "ITI-55", "ITI-38", "ITI-39", "RAD-69", "RAD-75". */
  readonly transaction: string;
  readonly side: 'initiator' | 'responder';
  readonly event: 'query' | 'export' | 'import' | 'transfer';
  /** CX of the patient, compared on the id and its assigning authority. */
  readonly patientId?: string;
  readonly purposeOfUse?: PurposeOfUse;
  /** AuditSourceID of the system expected to have written the record. */
  readonly auditSourceId?: string;
}

/** What expectAudited needs of a repository record (audit-repository.ts `AuditRecord` fits). */
export interface AuditedRecord {
  readonly seq?: number;
  readonly message?: XmlElement;
}

const EVENT_CODES: Readonly<Record<AuditExpectation['event'], string>> = {
  query: EventId.query.code,
  export: EventId.export.code,
  import: EventId.import.code,
  transfer: EventId.instancesTransferred.code,
};

export function expectAudited(records: readonly AuditedRecord[], expectation: AuditExpectation, subject = 'audit record repository'): Finding[] {
  const read = records.flatMap((r) => (r.message ? [{ record: r, view: readAudit(r.message) }] : []));
  const sameTransaction = read.filter(({ view }) => auditedTransaction(view) === expectation.transaction);
  const matching = sameTransaction.filter(({ view }) => matches(view, expectation));
  if (matching.length === 0) {
    const what = describe(expectation);
    return [{
      ruleId: 'audit.missing',
      severity: 'error',
      requirements: ['GEN-08'],
      specRef: 'IHE ITI TF-1 9 (ATNA); ITI TF-2 3.20 Record Audit Event',
      subject,
      path: `/AuditMessage[EventTypeCode='${expectation.transaction}'][EventID='${EVENT_CODES[expectation.event]}']`,
      message: `no audit record of ${what}: ${records.length} record(s) received, ${sameTransaction.length} of ${expectation.transaction}${sameTransaction.length ? `, none ${expectation.event === 'query' ? '' : `a ${expectation.event} by the ${expectation.side} `}matching${expectation.patientId ? ` patient ${expectation.patientId}` : ''}` : ''}`,
      expected: what,
      actual: sameTransaction.length ? sameTransaction.map(({ view }) => `${view.eventId?.code ?? '?'}/${view.action ?? '?'} by ${view.auditSourceId ?? '?'}`).join('; ') : '(none)',
    }];
  }
  // The newest match is the one the scenario's step most likely caused.
  const { record } = matching[matching.length - 1]!;
  const name = `${subject} record ${record.seq ?? ''}`.trim();
  return [...validateAudit({ message: record.message!, ...(expectation.purposeOfUse && { expectedPurposeOfUse: expectation.purposeOfUse }) }, { subjectName: name }).findings];
}

function matches(view: AuditView, e: AuditExpectation): boolean {
  if (view.eventId?.code !== EVENT_CODES[e.event]) return false;
  if (e.event === 'transfer' && view.action !== (e.side === 'responder' ? 'R' : 'C')) return false;
  if ((e.event === 'export' && e.side !== 'responder') || (e.event === 'import' && e.side !== 'initiator')) return false;
  if (e.auditSourceId !== undefined && view.auditSourceId !== e.auditSourceId) return false;
  if (e.patientId !== undefined && !view.objects.some((o) => isPatient(o) && samePatient(o.id, e.patientId!))) return false;
  return true;
}

/** CX ids compare on id number and assigning authority OID; other components vary between senders. */
function samePatient(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const key = (cx: string) => {
    const [id, , , authority] = cx.trim().split('^');
    return `${id ?? ''}|${(authority ?? '').split('&')[1] ?? ''}`;
  };
  return key(a) === key(b);
}

function describe(e: AuditExpectation): string {
  return `${e.transaction} ${e.event} by the ${e.side} (EventID ${EVENT_CODES[e.event]})${e.patientId ? ` for patient ${e.patientId}` : ''}${e.purposeOfUse ? ` with purpose of use ${e.purposeOfUse}` : ''}${e.auditSourceId ? ` from ${e.auditSourceId}` : ''}`;
}
