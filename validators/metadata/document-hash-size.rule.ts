/**
 * hash and size describe the very bytes a consumer will retrieve (ITI TF-3 4.2.3.2, hash and size): when
 * the documents are at hand, both must match them. Without the bytes the check cannot run and
 * says so (info), rather than passing in silence.
 */
import { createHash } from 'node:crypto';
import { DocScheme } from '../../simulators/registry/xds-constants.ts';
import { externalId, isOnDemand, slotValue } from '../../simulators/registry/xds-view.ts';
import type { Rule } from '../rule.ts';
import type { SubmissionSubject } from './submission-subject.ts';
import { objectPath } from './xds-values.ts';

export const documentHashSize: Rule<SubmissionSubject> = {
  id: 'metadata.document.hash-size',
  title: 'hash (SHA-1) and size of a DocumentEntry match the document bytes',
  severity: 'error',
  requirements: ['MET-07'],
  specRef: 'IHE ITI TF-3 4.2.3.2 (hash, size)',
  *check(subject) {
    const stable = subject.entries.filter((d) => !isOnDemand(d));
    if (!subject.documents) {
      if (stable.length > 0) yield { path: '/', severity: 'info', message: 'not evaluated: no document bytes were given' };
      return;
    }
    for (const d of stable) {
      const uid = externalId(d, DocScheme.uniqueId);
      const bytes = uid ? subject.documents.get(uid) : undefined;
      if (!bytes) {
        yield { path: objectPath('DocumentEntry', d), severity: 'info', message: `not evaluated: no bytes for document ${uid ?? '(no uniqueId)'}` };
        continue;
      }
      const hash = slotValue(d, 'hash');
      const actualHash = createHash('sha1').update(bytes).digest('hex');
      if (hash !== undefined && hash.toLowerCase() !== actualHash) yield { path: objectPath('DocumentEntry', d, 'Slot[hash]'), message: 'hash differs from the SHA-1 of the document', expected: actualHash, actual: hash };
      const size = slotValue(d, 'size');
      if (size !== undefined && size !== String(bytes.byteLength)) yield { path: objectPath('DocumentEntry', d, 'Slot[size]'), message: 'size differs from the length of the document', expected: String(bytes.byteLength), actual: size };
    }
  },
};
