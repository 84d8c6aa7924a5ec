import { DimseStatusError, type FindRequest, type Identifier } from '../dimse/index.ts';
import { respondDelay, statusOverride, type PacsBehaviour } from './behaviour.ts';
import type { PacsIndex } from './store/pacs-index.ts';
import { QueryError } from './store/query-error.ts';
import type { Level } from './store/query-keys.ts';

const LEVELS: readonly Level[] = ['PATIENT', 'STUDY', 'SERIES', 'IMAGE'];

/** Reads QueryRetrieveLevel; a missing or unknown level is the requester's error (0xA900). */
export function queryLevel(identifier: Identifier): Level {
  const raw = identifier.QueryRetrieveLevel;
  const level = String(Array.isArray(raw) ? raw[0] : (raw ?? '')).trim().toUpperCase();
  if (!LEVELS.includes(level as Level)) {
    throw new DimseStatusError(0xa900, `QueryRetrieveLevel "${level}" is not one of ${LEVELS.join(', ')}`);
  }
  return level as Level;
}

export function asStatusError(err: unknown): unknown {
  if (err instanceof QueryError) return new DimseStatusError(err.status, err.message);
  return err;
}

/**
 * C-FIND SCP over the index (PS3.4 C.4.1): one pending response per match, then the final
 * status. The matching itself is the index's (C.2.2.2); C-CANCEL stops the stream.
 */
export function createFindHandler(index: PacsIndex, behaviour: PacsBehaviour, aeTitle: string) {
  return async function* onFind(request: FindRequest): AsyncGenerator<Identifier> {
    if (request.model === 'OTHER') throw new DimseStatusError(0x0122, `C-FIND on ${request.abstractSyntax} is not supported`);
    let matches: Identifier[];
    try {
      matches = index.find(request.model, queryLevel(request.identifier), request.identifier, { retrieveAETitle: aeTitle });
    } catch (err) {
      throw asStatusError(err);
    }
    for (const match of matches) {
      if (request.signal.aborted) return;
      await respondDelay(behaviour);
      yield match;
    }
    const override = statusOverride(behaviour, 'C-FIND');
    if (override !== undefined) throw new DimseStatusError(override, 'wrong-status fault');
  };
}
