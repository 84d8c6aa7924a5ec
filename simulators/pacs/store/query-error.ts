/**
 * Refusals of a C-FIND / C-MOVE / C-GET identifier, carrying the DIMSE status the caller sends.
 *
 * Status choice (PS3.4 C.4.1.1.4, C.4.2.1.5, C.4.3.1.4):
 * - 0xA900 "Identifier does not match SOP Class": the identifier's *shape* is wrong for the
 *   information model: a level the model does not have, QueryRetrieveLevel missing or different,
 *   a unique key of a higher level missing or not a single value (C.4.1.2.1 / C.4.2.2.1), a value
 *   that is not valid for its VR.
 * - 0xC000 "Unable to process": the identifier is fine but the SCP failed (index error).
 */
export type QueryErrorCode =
  | 'invalid-level'
  | 'level-mismatch'
  | 'missing-unique-key'
  | 'unique-key-not-single'
  | 'invalid-value'
  | 'unable-to-process';

export const STATUS_IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS = 0xa900;
export const STATUS_UNABLE_TO_PROCESS = 0xc000;

export class QueryError extends Error {
  override readonly name = 'QueryError';
  readonly status: number;
  constructor(
    readonly code: QueryErrorCode,
    message: string,
    /** Keyword of the offending attribute, when there is one (for the response's OffendingElement). */
    readonly keyword?: string,
  ) {
    super(message);
    this.status = code === 'unable-to-process' ? STATUS_UNABLE_TO_PROCESS : STATUS_IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS;
  }
}
