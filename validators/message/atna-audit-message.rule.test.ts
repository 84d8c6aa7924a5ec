import { describe, expect, it } from 'vitest';
import type { XmlElement } from '../../simulators/soap/xml-tree.ts';
import type { Rule } from '../rule.ts';
import { atnaActiveParticipant, atnaAuditSource, atnaEventIdentification } from './atna-audit-message.rule.ts';
import { findings, xml } from './test-xml.ts';

const EVENT = `<EventIdentification EventActionCode="E" EventDateTime="2024-04-01T12:00:00Z" EventOutcomeIndicator="0"><EventID csd-code="110112" codeSystemName="DCM" originalText="Query"/></EventIdentification>`;
const PARTICIPANT = `<ActiveParticipant UserID="ncp-b" UserIsRequestor="true"/>`;
const SOURCE = `<AuditSourceIdentification AuditSourceID="ncp-b.example"/>`;
const audit = (event = EVENT, participants = PARTICIPANT, source = SOURCE) => xml(`<AuditMessage>${event}${participants}${source}</AuditMessage>`);

const cases: [Rule<XmlElement>, [string, XmlElement, string][]][] = [
  [atnaEventIdentification, [
    ['no EventIdentification', audit(''), '/AuditMessage/EventIdentification'],
    ['EventID without code', audit(EVENT.replace('csd-code="110112" ', '')), '/AuditMessage/EventIdentification/EventID'],
    ['bad EventDateTime', audit(EVENT.replace('2024-04-01T12:00:00Z', 'yesterday')), '/AuditMessage/EventIdentification/@EventDateTime'],
    ['outcome 3', audit(EVENT.replace('EventOutcomeIndicator="0"', 'EventOutcomeIndicator="3"')), '/AuditMessage/EventIdentification/@EventOutcomeIndicator'],
  ]],
  [atnaActiveParticipant, [
    ['no participant', audit(EVENT, ''), '/AuditMessage/ActiveParticipant'],
    ['no UserID', audit(EVENT, PARTICIPANT + '<ActiveParticipant UserIsRequestor="false"/>'), '/AuditMessage/ActiveParticipant[1]/@UserID'],
    ['no UserIsRequestor', audit(EVENT, '<ActiveParticipant UserID="x"/>'), '/AuditMessage/ActiveParticipant[0]/@UserIsRequestor'],
  ]],
  [atnaAuditSource, [
    ['no audit source', audit(EVENT, PARTICIPANT, ''), '/AuditMessage/AuditSourceIdentification'],
    ['no AuditSourceID', audit(EVENT, PARTICIPANT, '<AuditSourceIdentification/>'), '/AuditMessage/AuditSourceIdentification[0]/@AuditSourceID'],
  ]],
];

for (const [rule, failing] of cases) describe(rule.id, () => {
  it(`${rule.id} passes a complete audit message`, () => expect(findings(rule, audit())).toEqual([]));
  it.each(failing)(`${rule.id} fails: %s`, (_, msg, path) => expect(findings(rule, msg)).toEqual([expect.objectContaining({ path })]));
});
