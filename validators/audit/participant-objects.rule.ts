/**
 * Each ParticipantObjectIdentification says what kind of object it is (a known type code and
 * role, PS3.15 A.5.1), how it is identified (ParticipantObjectIDTypeCode) and, when it has
 * details, carries them base64-encoded as the schema's ValuePair demands.
 */
import { attr, elements } from '../../simulators/soap/xml-tree.ts';
import type { Rule } from '../rule.ts';
import { decodeBase64, type AuditSubject } from './audit-view.ts';

const TYPE_CODES = new Set(['1', '2', '3', '4']);
const ROLE_CODES = new Set(Array.from({ length: 26 }, (_, i) => String(i + 1)));

export const auditParticipantObjects: Rule<AuditSubject> = {
  id: 'audit.structure.participant-objects',
  title: 'Each ParticipantObjectIdentification has an ID type code, a known type code and role, and base64 details',
  severity: 'error',
  requirements: ['GEN-08'],
  specRef: 'DICOM PS3.15 A.5.1 (ParticipantObjectIdentification)',
  *check({ message }) {
    for (const [i, o] of elements(message, '', 'ParticipantObjectIdentification').entries()) {
      const path = `/AuditMessage/ParticipantObjectIdentification[${i}]`;
      if (elements(o, '', 'ParticipantObjectIDTypeCode').length !== 1) {
        yield { path: `${path}/ParticipantObjectIDTypeCode`, message: 'exactly one ParticipantObjectIDTypeCode is required', expected: '1', actual: String(elements(o, '', 'ParticipantObjectIDTypeCode').length) };
      }
      const type = attr(o, 'ParticipantObjectTypeCode');
      if (type !== undefined && !TYPE_CODES.has(type)) yield { path: `${path}/@ParticipantObjectTypeCode`, message: 'ParticipantObjectTypeCode must be 1-4', expected: '1 | 2 | 3 | 4', actual: type };
      const role = attr(o, 'ParticipantObjectTypeCodeRole');
      if (role !== undefined && !ROLE_CODES.has(role)) yield { path: `${path}/@ParticipantObjectTypeCodeRole`, message: 'ParticipantObjectTypeCodeRole must be 1-26', expected: '1-26', actual: role };
      for (const [j, d] of elements(o, '', 'ParticipantObjectDetail').entries()) {
        const value = attr(d, 'value');
        if (!attr(d, 'type') || decodeBase64(value) === undefined) {
          yield { path: `${path}/ParticipantObjectDetail[${j}]`, message: 'a ParticipantObjectDetail needs a type and a base64 value', expected: 'type, base64 value', actual: `type=${attr(d, 'type') ?? '(absent)'} value=${value?.slice(0, 40) ?? '(absent)'}` };
        }
      }
    }
  },
};
