/**
 * Plain-data shapes of the DICOM upper layer PDUs (PS3.8 §9.3). Every field is JSON-friendly so
 * a decoded PDU can go straight into evidence; byte layouts live in pdu-reader.ts / pdu-writer.ts.
 */

export const PduType = {
  AssociateRq: 0x01,
  AssociateAc: 0x02,
  AssociateRj: 0x03,
  PData: 0x04,
  ReleaseRq: 0x05,
  ReleaseRp: 0x06,
  Abort: 0x07,
} as const;

export const APPLICATION_CONTEXT = '1.2.840.10008.3.1.1.1';

/** PS3.8 Table 9-26: A-ABORT source. */
export const AbortSource = { ServiceUser: 0, ServiceProvider: 2 } as const;

/** PS3.8 Table 9-26: A-ABORT reason when the source is the service provider. */
export const AbortReason = {
  NotSpecified: 0,
  UnrecognizedPdu: 1,
  UnexpectedPdu: 2,
  UnrecognizedPduParameter: 4,
  UnexpectedPduParameter: 5,
  InvalidPduParameterValue: 6,
} as const;

/** PS3.8 Table 9-18: presentation context result/reason. */
export const ContextResult = {
  Acceptance: 0,
  UserRejection: 1,
  NoReason: 2,
  AbstractSyntaxNotSupported: 3,
  TransferSyntaxesNotSupported: 4,
} as const;

export interface RoleSelection {
  readonly sopClassUid: string;
  readonly scuRole: boolean;
  readonly scpRole: boolean;
}

/** A user-information sub-item we do not interpret, kept as hex so evidence still shows it. */
export interface RawItem {
  readonly type: number;
  readonly hex: string;
}

export interface UserInformation {
  readonly maxPduLength?: number;
  readonly implementationClassUid?: string;
  readonly implementationVersionName?: string;
  readonly asyncOps?: { readonly invoked: number; readonly performed: number };
  readonly roles?: readonly RoleSelection[];
  readonly other?: readonly RawItem[];
}

export interface ProposedContext {
  readonly id: number;
  readonly abstractSyntax: string;
  readonly transferSyntaxes: readonly string[];
}

export interface AcceptedContextItem {
  readonly id: number;
  readonly result: number;
  /** Only meaningful on acceptance; PS3.8 says to ignore it otherwise. */
  readonly transferSyntax?: string;
}

export interface AssociateRqPdu {
  readonly type: 'associate-rq';
  readonly protocolVersion: number;
  readonly calledAe: string;
  readonly callingAe: string;
  readonly applicationContext: string;
  readonly contexts: readonly ProposedContext[];
  readonly userInfo: UserInformation;
}

export interface AssociateAcPdu {
  readonly type: 'associate-ac';
  readonly protocolVersion: number;
  readonly calledAe: string;
  readonly callingAe: string;
  readonly applicationContext: string;
  readonly contexts: readonly AcceptedContextItem[];
  readonly userInfo: UserInformation;
}

export interface AssociateRjPdu {
  readonly type: 'associate-rj';
  readonly result: number;
  readonly source: number;
  readonly reason: number;
}

export interface ReleasePdu {
  readonly type: 'release-rq' | 'release-rp';
}

export interface AbortPdu {
  readonly type: 'abort';
  readonly source: number;
  readonly reason: number;
}

/** Every PDU except P-DATA-TF, whose payload is streamed rather than materialised. */
export type ControlPdu = AssociateRqPdu | AssociateAcPdu | AssociateRjPdu | ReleasePdu | AbortPdu;

/** Header of one presentation data value (PS3.8 §9.3.5.1, Annex E.2 message control header). */
export interface PdvHeader {
  readonly contextId: number;
  readonly isCommand: boolean;
  readonly isLast: boolean;
}

/**
 * A protocol violation found in received bytes. It carries the A-ABORT reason to send, so the
 * connection can answer with a provider abort instead of crashing or hanging.
 */
export class PduError extends Error {
  readonly abortReason: number;
  constructor(message: string, abortReason: number) {
    super(message);
    this.name = 'PduError';
    this.abortReason = abortReason;
  }
}
