/**
 * The checks several transaction rules share: the event is the one the transaction demands, the
 * Source and Destination systems are named, the patient is there, an object of a given kind is
 * there. Each yields the findings a rule passes on.
 */
import { EventId, ObjectIdType, RoleId } from '../../simulators/audit/audit-codes.ts';
import type { RuleFinding } from '../rule.ts';
import { hasRole, isPatient, objectPath, type AuditView, type ObjectView } from './audit-view.ts';

export function* eventIs(view: AuditView, eventId: string, actions: readonly string[]): Generator<RuleFinding> {
  if (view.eventId?.code !== eventId) {
    yield { path: '/AuditMessage/EventIdentification/EventID/@csd-code', message: `EventID must be ${eventId}`, expected: eventId, actual: view.eventId?.code ?? '(absent)' };
  }
  if (view.action === undefined || !actions.includes(view.action)) {
    yield { path: '/AuditMessage/EventIdentification/@EventActionCode', message: `EventActionCode must be ${actions.join(' or ')}`, expected: actions.join(' | '), actual: view.action ?? '(absent)' };
  }
}

/** Source (110153) and Destination (110152) system participants, each with a UserID. */
export function* sourceAndDestination(view: AuditView): Generator<RuleFinding> {
  for (const role of [RoleId.source, RoleId.destination]) {
    const found = view.participants.filter((p) => hasRole(p, role.code));
    if (found.length !== 1) {
      yield { path: `/AuditMessage/ActiveParticipant[RoleIDCode/@csd-code='${role.code}']`, message: `exactly one ActiveParticipant with RoleIDCode ${role.code} (${role.originalText}) is required`, expected: '1', actual: String(found.length) };
    }
  }
}

/** The query source is the requestor (ITI TF-2 3.38.4.1.4, 3.55.5.1). */
export function* sourceIsRequestor(view: AuditView): Generator<RuleFinding> {
  const source = view.participants.find((p) => hasRole(p, RoleId.source.code));
  if (source && source.requestor !== 'true' && source.requestor !== '1') {
    yield { path: `/AuditMessage/ActiveParticipant[${source.index}]/@UserIsRequestor`, message: 'the Source of a query is its requestor', expected: 'true', actual: source.requestor ?? '(absent)' };
  }
}

export function* patientPresent(view: AuditView): Generator<RuleFinding> {
  const patients = view.objects.filter(isPatient);
  if (patients.length === 0) {
    yield { path: "/AuditMessage/ParticipantObjectIdentification[@ParticipantObjectTypeCode='1'][@ParticipantObjectTypeCodeRole='1']", message: 'the patient must be a ParticipantObject (type 1, role 1)', expected: '≥ 1', actual: '0' };
  }
  for (const p of patients) {
    if (p.idType?.code !== ObjectIdType.patientNumber.code) {
      yield { path: objectPath(p, '/ParticipantObjectIDTypeCode/@csd-code'), message: 'the patient is identified by a Patient Number (id type 2)', expected: ObjectIdType.patientNumber.code, actual: p.idType?.code ?? '(absent)' };
    }
    if (!p.id) yield { path: objectPath(p, '/@ParticipantObjectID'), message: 'the patient object needs the patient id (CX)', expected: 'id^^^&oid&ISO', actual: '(absent)' };
  }
}

/** Objects of type 2 (system object) with the given role; a finding when there is none. */
export function* objectsOfRole(view: AuditView, role: string, what: string, found: (objects: ObjectView[]) => void): Generator<RuleFinding> {
  const objects = view.objects.filter((o) => o.typeCode === '2' && o.role === role);
  if (objects.length === 0) {
    yield { path: `/AuditMessage/ParticipantObjectIdentification[@ParticipantObjectTypeCode='2'][@ParticipantObjectTypeCodeRole='${role}']`, message: `${what} must be a ParticipantObject (type 2, role ${role})`, expected: '≥ 1', actual: '0' };
  }
  found(objects);
}

export function* detailPresent(o: ObjectView, type: string, what: string): Generator<RuleFinding> {
  const value = o.details.get(type);
  if (value === undefined || value === '' || value === '(not base64)') {
    yield { path: objectPath(o, `/ParticipantObjectDetail[@type='${type}']`), message: `${what} must be a ParticipantObjectDetail "${type}" with a base64 value`, expected: 'present, base64', actual: value ?? '(absent)' };
  }
}

/** The EventIDs each audited transaction may report. */
export const EVENTS_OF: Readonly<Record<string, readonly string[]>> = {
  'ITI-55': [EventId.query.code],
  'ITI-38': [EventId.query.code],
  'ITI-39': [EventId.export.code, EventId.import.code],
  'RAD-69': [EventId.instancesTransferred.code, EventId.export.code, EventId.import.code],
  'RAD-75': [EventId.instancesTransferred.code, EventId.export.code, EventId.import.code],
};
