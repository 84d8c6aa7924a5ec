/**
 * Light structure rules for a DICOM audit message (GEN-08: every access is audited), after the
 * schema of DICOM PS3.15 A.5.1: one EventIdentification (EventID, EventDateTime, a known
 * EventOutcomeIndicator), at least one ActiveParticipant with a UserID, one
 * AuditSourceIdentification with an AuditSourceID. Which participants and objects each IHE
 * transaction requires is a later, fuller ATNA family.
 */
import { attr, elements, type XmlElement } from '../../simulators/soap/xml-tree.ts';
import type { Rule } from '../rule.ts';

/** The AuditMessage element (no namespace). */
export type AtnaSubject = XmlElement;

/** PS3.15 A.5.1: success, minor failure, serious failure, major failure. */
const OUTCOMES = new Set(['0', '4', '8', '12']);
const BOOLEAN = new Set(['true', 'false', '1', '0']);

const children = (parent: XmlElement, local: string) => elements(parent, '', local);

export const atnaEventIdentification: Rule<AtnaSubject> = {
  id: 'message.atna.event-identification',
  title: 'An audit message has one EventIdentification with an EventID, an EventDateTime and a known EventOutcomeIndicator',
  severity: 'error',
  requirements: ['GEN-08'],
  specRef: 'DICOM PS3.15 A.5.1 (EventIdentification)',
  *check(msg) {
    const events = children(msg, 'EventIdentification');
    if (events.length !== 1) {
      yield { path: '/AuditMessage/EventIdentification', message: `exactly one EventIdentification is required, found ${events.length}`, expected: '1', actual: String(events.length) };
      if (events.length === 0) return;
    }
    const event = events[0]!;
    const eventId = children(event, 'EventID')[0];
    if (!eventId || !(attr(eventId, 'csd-code') ?? attr(eventId, 'code'))) {
      yield { path: '/AuditMessage/EventIdentification/EventID', message: 'EventID with a code is required', expected: 'EventID@csd-code', actual: eventId ? '(no code)' : '(absent)' };
    }
    const when = attr(event, 'EventDateTime');
    if (!when || Number.isNaN(Date.parse(when))) {
      yield { path: '/AuditMessage/EventIdentification/@EventDateTime', message: 'EventDateTime must be a dateTime', expected: 'xs:dateTime', actual: when ?? '(absent)' };
    }
    const outcome = attr(event, 'EventOutcomeIndicator');
    if (outcome === undefined || !OUTCOMES.has(outcome)) {
      yield { path: '/AuditMessage/EventIdentification/@EventOutcomeIndicator', message: 'EventOutcomeIndicator must be 0, 4, 8 or 12', expected: '0 | 4 | 8 | 12', actual: outcome ?? '(absent)' };
    }
  },
};

export const atnaActiveParticipant: Rule<AtnaSubject> = {
  id: 'message.atna.active-participant',
  title: 'An audit message names at least one ActiveParticipant, each with a UserID and a boolean UserIsRequestor',
  severity: 'error',
  requirements: ['GEN-08'],
  specRef: 'DICOM PS3.15 A.5.1 (ActiveParticipant)',
  *check(msg) {
    const participants = children(msg, 'ActiveParticipant');
    if (participants.length === 0) {
      yield { path: '/AuditMessage/ActiveParticipant', message: 'at least one ActiveParticipant is required', expected: '≥ 1', actual: '0' };
      return;
    }
    for (const [i, p] of participants.entries()) {
      if (!attr(p, 'UserID')) yield { path: `/AuditMessage/ActiveParticipant[${i}]/@UserID`, message: 'UserID is required', expected: 'present', actual: '(absent)' };
      const requestor = attr(p, 'UserIsRequestor');
      if (requestor === undefined || !BOOLEAN.has(requestor)) {
        yield { path: `/AuditMessage/ActiveParticipant[${i}]/@UserIsRequestor`, message: 'UserIsRequestor must be a boolean', expected: 'true | false', actual: requestor ?? '(absent)' };
      }
    }
  },
};

export const atnaAuditSource: Rule<AtnaSubject> = {
  id: 'message.atna.audit-source',
  title: 'An audit message has an AuditSourceIdentification with an AuditSourceID',
  severity: 'error',
  requirements: ['GEN-08'],
  specRef: 'DICOM PS3.15 A.5.1 (AuditSourceIdentification)',
  *check(msg) {
    const sources = children(msg, 'AuditSourceIdentification');
    if (sources.length === 0) {
      yield { path: '/AuditMessage/AuditSourceIdentification', message: 'AuditSourceIdentification is required', expected: '1', actual: '0' };
      return;
    }
    for (const [i, s] of sources.entries()) {
      if (!attr(s, 'AuditSourceID')) yield { path: `/AuditMessage/AuditSourceIdentification[${i}]/@AuditSourceID`, message: 'AuditSourceID is required', expected: 'present', actual: '(absent)' };
    }
  },
};

export const atnaRules: readonly Rule<AtnaSubject>[] = [atnaEventIdentification, atnaActiveParticipant, atnaAuditSource];
