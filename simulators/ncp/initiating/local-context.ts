/** What the gateway knows about a local request beyond its SOAP body (from HTTP headers). */
import type { PurposeOfUse } from '../gateway-security.ts';
import type { Community, InitiatingGatewayConfig } from './gateway-config.ts';
import type { PatientMemory } from './patient-memory.ts';

export interface LocalContext {
  readonly purposeOfUse: PurposeOfUse;
  /** X-Ixh-Patient-Id: used only when the gateway's memory does not know the patient. */
  readonly patientIdHint?: string;
}

/** What every operation of the gateway shares. */
export interface GatewayDeps {
  readonly config: InitiatingGatewayConfig;
  readonly actor: string;
  readonly memory: PatientMemory;
}

/** homeCommunityIds compare without their "urn:oid:" prefix (senders differ in writing it). */
export function sameCommunity(a: string, b: string): boolean {
  const strip = (s: string): string => s.trim().replace(/^urn:oid:/i, '');
  return strip(a) === strip(b);
}

export function findCommunity(config: InitiatingGatewayConfig, home: string): Community | undefined {
  return config.communities.find((c) => sameCommunity(c.homeCommunityId, home));
}
