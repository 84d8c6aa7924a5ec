/** What the gateway knows about a local request beyond its SOAP body (from HTTP headers). */
import type { SoapContext } from '../../soap/soap-endpoint.ts';
import { SoapFaultError, Subcode } from '../../soap/soap-fault.ts';
import type { PurposeOfUse } from '../gateway-security.ts';
import { bareOid } from '../xcpd/hl7v3-parts.ts';
import { PATIENT_ID_HEADER, PURPOSE_OF_USE_HEADER, purposeOfUseFrom, type Community, type InitiatingGatewayConfig } from './gateway-config.ts';
import type { PatientMemory } from './patient-memory.ts';

export interface LocalContext {
  readonly purposeOfUse: PurposeOfUse;
  /** X-Ixh-Patient-Id: used only when the gateway's memory does not know the patient. */
  readonly patientIdHint?: string;
}

/** Reads the local request's X-Ixh-* headers; an unknown purpose of use is the sender's fault. */
export function localContext(headers: SoapContext['headers']): LocalContext {
  const purpose = purposeOfUseFrom(headers[PURPOSE_OF_USE_HEADER]);
  if (typeof purpose !== 'string') {
    throw new SoapFaultError('Sender', `HTTP header X-Ixh-Purpose-Of-Use must be TREATMENT or EMERGENCY, got "${purpose.invalid}"`, [Subcode.badRequestHeader]);
  }
  const hint = headers[PATIENT_ID_HEADER];
  const patientIdHint = (Array.isArray(hint) ? hint[0] : hint)?.trim();
  return { purposeOfUse: purpose, ...(patientIdHint && { patientIdHint }) };
}

/** What every operation of the gateway shares. */
export interface GatewayDeps {
  readonly config: InitiatingGatewayConfig;
  readonly actor: string;
  readonly memory: PatientMemory;
}

/** homeCommunityIds compare without their "urn:oid:" prefix (senders differ in writing it). */
export function sameCommunity(a: string, b: string): boolean {
  return bareOid(a.trim()) === bareOid(b.trim());
}

export function findCommunity(config: InitiatingGatewayConfig, home: string): Community | undefined {
  return config.communities.find((c) => sameCommunity(c.homeCommunityId, home));
}
