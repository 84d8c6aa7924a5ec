/** uniqueIds identify documents and sets worldwide: no two objects of one message share one (XDSRegistryDuplicateUniqueIdInMessage). */
import { DocScheme, SubmissionScheme } from '../../simulators/registry/xds-constants.ts';
import { externalId } from '../../simulators/registry/xds-view.ts';
import type { Rule } from '../rule.ts';
import type { SubmissionSubject } from './submission-subject.ts';

export const uniqueIdsUnique: Rule<SubmissionSubject> = {
  id: 'metadata.submission.unique-ids',
  title: 'No two DocumentEntries or SubmissionSets of one message share a uniqueId or an entryUUID',
  severity: 'error',
  requirements: ['MET-07'],
  specRef: 'IHE ITI TF-2 3.42.4.1.3; ITI TF-3 4.2.3.2 (uniqueId)',
  *check(subject) {
    const uids = new Map<string, string>();
    const ids = new Map<string, string>();
    const all = [
      ...subject.entries.map((o) => ({ o, uid: externalId(o, DocScheme.uniqueId), kind: 'DocumentEntry' })),
      ...subject.submissionSets.map((o) => ({ o, uid: externalId(o, SubmissionScheme.uniqueId), kind: 'SubmissionSet' })),
    ];
    for (const { o, uid, kind } of all) {
      const path = `${kind}[${o.id}]`;
      if (uid) {
        const first = uids.get(uid);
        if (first) yield { path: `${path}/uniqueId`, message: `uniqueId ${uid} is also used by ${first}`, actual: uid };
        else uids.set(uid, path);
      }
      const firstId = ids.get(o.id);
      if (firstId) yield { path, message: `entryUUID ${o.id} is also used by ${firstId}`, actual: o.id };
      else ids.set(o.id, path);
    }
  },
};
