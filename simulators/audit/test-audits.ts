/** Test inputs: one audit message of each kind the NCPs write, as the builders make them. */
import type { XmlOut } from '../soap/xml-write.ts';
import { exportAudit, importAudit, queryAudit, transferAudit, type AuditCommon } from './audit-messages.ts';

export const PATIENT = '7011230081^^^&1.3.6.1.4.1.21367.13.20.1000&ISO';
export const HOME_A = 'urn:oid:1.3.6.1.4.1.21367.13.70.1';

const common = (purposeOfUse: 'TREATMENT' | 'EMERGENCY' = 'TREATMENT'): AuditCommon => ({
  when: new Date('2024-04-01T12:00:00Z'),
  outcome: 0,
  auditSourceId: 'ncp-a FR',
  enterpriseSiteId: 'FR',
  source: { userId: 'http://www.w3.org/2005/08/addressing/anonymous', networkAccessPoint: '127.0.0.1' },
  destination: { userId: 'https://ncp-a.fr.test/xca', networkAccessPoint: 'ncp-a.fr.test' },
  human: { userId: 'ada@ncp-b.test', userName: 'Dr. Ada', role: '221' },
  purposeOfUse,
  patientIds: [PATIENT],
});

const DOCS = [{ documentUniqueId: '1.2.3.4', repositoryUniqueId: '1.3.6.1.4.1.21367.13.80.1', homeCommunityId: HOME_A }];

export const AUDITS: Readonly<Record<string, XmlOut>> = {
  'ITI-55 query': queryAudit({ ...common(), transaction: 'ITI-55', query: '<PRPA_IN201305UV02/>', queryId: 'msg-1', homeCommunityId: HOME_A }),
  'ITI-38 query': queryAudit({ ...common(), transaction: 'ITI-38', query: '<AdhocQueryRequest/>', queryId: 'urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d', homeCommunityId: HOME_A }),
  'ITI-39 export': exportAudit({ ...common(), documents: DOCS }),
  'ITI-39 import': importAudit({ ...common('EMERGENCY'), documents: DOCS }),
  'RAD-75 transfer': transferAudit({ ...common(), transaction: 'RAD-75', action: 'R', studies: [{ studyInstanceUid: '1.2.826.0.1.3680043.8.498.1', instances: 3 }] }),
};
