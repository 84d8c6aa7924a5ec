import { supportedSyntaxes, type Negotiate } from '../dimse/index.ts';
import { QUERY_MODELS, SopClass } from '../dimse/dimse-constants.ts';
import { faultOf, type PacsBehaviour } from './behaviour.ts';
import { EXPLICIT_VR_LE, IMPLICIT_VR_LE, STORAGE_SOP_CLASSES, STORAGE_TRANSFER_SYNTAXES } from './storage-sop-classes.ts';

const UNCOMPRESSED = [EXPLICIT_VR_LE, IMPLICIT_VR_LE];

/**
 * What the PACS agrees to on an association: Verification, Query/Retrieve (Patient and Study
 * Root: FIND, MOVE, GET) and the storage SOP classes, with the requestor allowed to take the SCP
 * role for storage (C-GET). Faults change this, and only this, the way a misconfigured PACS would.
 * A plain Storage SCP uses the same rules without Query/Retrieve (`queryRetrieve: false`).
 */
export function pacsNegotiation(behaviour: PacsBehaviour, options: { readonly queryRetrieve?: boolean } = {}): Negotiate {
  const refused = new Set(behaviour.faults.flatMap((f) => (f.kind === 'refuse-sop-class' ? [f.sopClassUid] : [])));
  const abstractSyntaxes: Record<string, readonly string[]> = { [SopClass.Verification]: UNCOMPRESSED };
  if (options.queryRetrieve ?? true) {
    for (const model of Object.values(QUERY_MODELS)) {
      for (const uid of Object.values(model)) abstractSyntaxes[uid] = UNCOMPRESSED;
    }
  }
  for (const uid of Object.keys(STORAGE_SOP_CLASSES)) abstractSyntaxes[uid] = STORAGE_TRANSFER_SYNTAXES;
  for (const uid of refused) delete abstractSyntaxes[uid];

  const negotiate = supportedSyntaxes({ abstractSyntaxes, acceptScpRoleFor: Object.keys(STORAGE_SOP_CLASSES).filter((uid) => !refused.has(uid)) });
  return (request) => {
    // rejected-permanent, source service-user, reason no-reason-given (PS3.8 Table 9-21)
    if (faultOf(behaviour, 'reject-association')) return { accept: false, result: 1, source: 1, reason: 1 };
    return negotiate(request);
  };
}
