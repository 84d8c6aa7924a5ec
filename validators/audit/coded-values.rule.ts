/**
 * Every coded value of an audit message carries the three attributes the DICOM 2017c schema
 * requires of CodedValueType: csd-code, codeSystemName and originalText (the Code Meaning). A
 * receiver that cannot tell which code system a code is from cannot tell two events apart.
 */
import { attr, elements, type XmlElement } from '../../simulators/soap/xml-tree.ts';
import type { Rule, RuleFinding } from '../rule.ts';
import type { AuditSubject } from './audit-view.ts';

const CODED = new Set(['EventID', 'EventTypeCode', 'PurposeOfUse', 'RoleIDCode', 'MediaType', 'ParticipantObjectIDTypeCode']);
const REQUIRED = ['csd-code', 'codeSystemName', 'originalText'] as const;

export const auditCodedValues: Rule<AuditSubject> = {
  id: 'audit.structure.coded-values',
  title: 'Every coded value of an audit message (EventID, EventTypeCode, PurposeOfUse, RoleIDCode, ParticipantObjectIDTypeCode) has csd-code, codeSystemName and originalText',
  severity: 'error',
  requirements: ['GEN-08'],
  specRef: 'DICOM PS3.15 A.5.1 (CodedValueType, 2017c schema)',
  *check({ message }) {
    yield* walk(message, '/AuditMessage');
  },
};

function* walk(e: XmlElement, path: string): Generator<RuleFinding> {
  const counts = new Map<string, number>();
  for (const child of elements(e)) {
    const n = counts.get(child.local) ?? 0;
    counts.set(child.local, n + 1);
    const here = `${path}/${child.local}[${n}]`;
    if (CODED.has(child.local)) {
      const missing = REQUIRED.filter((a) => !attr(child, a)?.trim());
      if (missing.length > 0) yield { path: here, message: `coded value without ${missing.join(', ')}`, expected: REQUIRED.join(', '), actual: `missing ${missing.join(', ')}` };
    }
    yield* walk(child, here);
  }
}
