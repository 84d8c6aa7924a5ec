/**
 * One SOAP call from NCP-A to a system behind it (registry, repository, imaging source), with
 * NCP-A's evidence actor, transport and timeout. Never throws: see peer-call.ts.
 */
import type { XmlOut } from '../../soap/xml-write.ts';
import { callPeer, type PeerAnswer } from '../peer-call.ts';
import { DEFAULT_BACKEND_TIMEOUT_MS, NCP_A_ACTOR, type BackendOptions } from './gateway-options.ts';

export type BackendAnswer = PeerAnswer;

export function callBackend(options: BackendOptions, call: { url: string; action: string; body: XmlOut; transaction: string }): Promise<BackendAnswer> {
  return callPeer({
    ...call,
    timeoutMs: options.timeoutMs ?? DEFAULT_BACKEND_TIMEOUT_MS,
    evidence: options.evidence,
    actor: NCP_A_ACTOR,
    ...(options.transport && { transport: options.transport }),
  });
}
