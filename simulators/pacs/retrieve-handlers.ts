import {
  associate,
  DimseStatusError,
  statusCategory,
  type DimseClientAssociation,
  type DimseObserver,
  type DimseTlsClient,
  type GetRequest,
  type MoveRequest,
  type RetrieveResult,
  type StoreResult,
} from '../dimse/index.ts';
import { respondDelay, statusOverride, type PacsBehaviour } from './behaviour.ts';
import { asStatusError, queryLevel } from './find-handler.ts';
import type { PacsIndex } from './store/pacs-index.ts';
import type { RetrieveItem } from './store/retrieve-plan.ts';
import { EXPLICIT_VR_LE, IMPLICIT_VR_LE } from './storage-sop-classes.ts';

export interface MoveDestination {
  readonly host: string;
  readonly port: number;
}

export interface RetrieveDeps {
  readonly aeTitle: string;
  readonly index: PacsIndex;
  readonly behaviour: PacsBehaviour;
  /** C-MOVE destinations by AE title. */
  readonly destinations: () => Readonly<Record<string, MoveDestination>>;
  /** Observes the sub-operation associations the PACS opens as SCU. */
  readonly observer: DimseObserver;
  /** C-MOVE sub-associations go over DICOM TLS with this identity when set. */
  readonly tls?: DimseTlsClient;
}

/** PS3.4 C.4.2.1.5: 0xA702 "Refused: Out of resources – Unable to perform sub-operations". */
const UNABLE_TO_PERFORM_SUBOPERATIONS = 0xa702;

function select(deps: RetrieveDeps, request: MoveRequest | GetRequest): RetrieveItem[] {
  if (request.model === 'OTHER') throw new DimseStatusError(0x0122, `${request.abstractSyntax} is not a retrieve SOP class`);
  try {
    return deps.index.selectForRetrieve(request.model, queryLevel(request.identifier), request.identifier);
  } catch (err) {
    throw asStatusError(err);
  }
}

/**
 * Runs the C-STORE sub-operations of one retrieve, reporting pending counts before each one and
 * stopping at C-CANCEL (final status 0xFE00 with the counts so far, PS3.4 C.4.2.3.1).
 */
async function runSubOperations(
  items: readonly RetrieveItem[],
  request: MoveRequest | GetRequest,
  behaviour: PacsBehaviour,
  send: (item: RetrieveItem) => Promise<StoreResult>,
): Promise<RetrieveResult> {
  let completed = 0;
  let failed = 0;
  let warning = 0;
  const failedUids: string[] = [];
  for (const [i, item] of items.entries()) {
    if (request.signal.aborted) {
      return { status: 0xfe00, remaining: items.length - i, completed, failed, warning, failedSopInstanceUids: failedUids };
    }
    if (i > 0) await request.progress({ remaining: items.length - i, completed, failed, warning });
    await respondDelay(behaviour);
    try {
      const result = await send(item);
      const category = statusCategory(result.status);
      if (category === 'success') completed++;
      else if (category === 'warning') warning++;
      else {
        failed++;
        failedUids.push(item.sopInstanceUid);
      }
    } catch {
      failed++;
      failedUids.push(item.sopInstanceUid);
    }
  }
  return { completed, failed, warning, ...(failedUids.length > 0 && { failedSopInstanceUids: failedUids }) };
}

function withOverride(result: RetrieveResult, behaviour: PacsBehaviour, command: 'C-MOVE' | 'C-GET'): RetrieveResult {
  const override = statusOverride(behaviour, command);
  return override === undefined ? result : { ...result, status: override };
}

/** Proposes each SOP class once, offering each file's own transfer syntax before the uncompressed ones. */
function proposalsFor(items: readonly RetrieveItem[]): { abstractSyntax: string; transferSyntaxes: string[] }[] {
  const bySopClass = new Map<string, Set<string>>();
  for (const item of items) {
    const set = bySopClass.get(item.sopClassUid) ?? new Set<string>();
    set.add(item.transferSyntaxUid);
    bySopClass.set(item.sopClassUid, set);
  }
  return [...bySopClass].map(([abstractSyntax, syntaxes]) => ({
    abstractSyntax,
    transferSyntaxes: [...new Set([...syntaxes, EXPLICIT_VR_LE, IMPLICIT_VR_LE])],
  }));
}

/** C-MOVE SCP: opens an association to the destination AE and sends the selected instances. */
export function createMoveHandler(deps: RetrieveDeps) {
  return async function onMove(request: MoveRequest): Promise<RetrieveResult> {
    const destination = deps.destinations()[request.destinationAe];
    if (!destination) throw new DimseStatusError(0xa801, `Move destination ${request.destinationAe} unknown`);
    const items = select(deps, request);
    if (items.length === 0) return withOverride({ completed: 0, failed: 0, warning: 0 }, deps.behaviour, 'C-MOVE');

    let association: DimseClientAssociation;
    try {
      association = await associate({
        host: destination.host,
        port: destination.port,
        callingAe: deps.aeTitle,
        calledAe: request.destinationAe,
        contexts: proposalsFor(items),
        observer: deps.observer,
        ...(deps.tls && { tls: deps.tls }),
      });
    } catch (err) {
      return {
        status: UNABLE_TO_PERFORM_SUBOPERATIONS,
        errorComment: `cannot associate with ${request.destinationAe}: ${(err as Error).message}`.slice(0, 64),
        remaining: 0,
        completed: 0,
        failed: items.length,
        warning: 0,
      };
    }
    try {
      const originator = { ae: request.association.remote.ae, messageId: request.messageId };
      const result = await runSubOperations(items, request, deps.behaviour, (item) => association.store(item.path, { moveOriginator: originator }));
      return withOverride(result, deps.behaviour, 'C-MOVE');
    } finally {
      await association.release().catch(() => association.abort());
    }
  };
}

/** C-GET SCP: sends the selected instances back on the requesting association (SCP role). */
export function createGetHandler(deps: RetrieveDeps) {
  return async function onGet(request: GetRequest): Promise<RetrieveResult> {
    const items = select(deps, request);
    const result = await runSubOperations(items, request, deps.behaviour, (item) => request.store(item.path));
    return withOverride(result, deps.behaviour, 'C-GET');
  };
}
