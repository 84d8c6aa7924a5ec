/**
 * SOAP 1.2 faults (SOAP 1.2 Part 1 §5.4): Code with Value and optional Subcodes (QNames), Reason
 * text, optional Detail. Thrown as `SoapFaultError` anywhere below an endpoint and rendered by
 * `faultBody()`; the endpoint maps Sender → HTTP 400 and everything else → 500 (Part 2 §7.5).
 */
import { NS } from './namespaces.ts';
import { el, type XmlOut } from './xml-write.ts';

export type FaultCode = 'VersionMismatch' | 'MustUnderstand' | 'DataEncodingUnknown' | 'Sender' | 'Receiver';

/** A subcode QName; `prefix` must be one the envelope declares (see `FAULT_PREFIXES`). */
export interface FaultSubcode {
  readonly prefix: 'wsa' | 'wsse' | 'ixh';
  readonly local: string;
}

/** Prefixes a fault's subcodes may use; the envelope builder declares them. */
export const FAULT_PREFIXES = ['wsa', 'wsse', 'ixh'] as const;

export const WSA_FAULT_ACTION = 'http://www.w3.org/2005/08/addressing/soap/fault';

export class SoapFaultError extends Error {
  constructor(
    readonly code: FaultCode,
    readonly reason: string,
    readonly subcodes: readonly FaultSubcode[] = [],
    readonly detail?: XmlOut,
  ) {
    super(reason);
    this.name = 'SoapFaultError';
  }

  get httpStatus(): number {
    return this.code === 'Sender' ? 400 : 500;
  }
}

/** Subcodes used by the harness. WS-Addressing ones are defined in WS-Addressing 1.0 SOAP Binding §6. */
export const Subcode = {
  actionNotSupported: { prefix: 'wsa', local: 'ActionNotSupported' },
  headerRequired: { prefix: 'wsa', local: 'MessageAddressingHeaderRequired' },
  invalidHeader: { prefix: 'wsa', local: 'InvalidAddressingHeader' },
  // WS-Security 1.1 §12 fault codes (the eHDSI gateways answer assertion problems with these).
  unsupportedSecurityToken: { prefix: 'wsse', local: 'UnsupportedSecurityToken' },
  unsupportedAlgorithm: { prefix: 'wsse', local: 'UnsupportedAlgorithm' },
  invalidSecurity: { prefix: 'wsse', local: 'InvalidSecurity' },
  invalidSecurityToken: { prefix: 'wsse', local: 'InvalidSecurityToken' },
  failedAuthentication: { prefix: 'wsse', local: 'FailedAuthentication' },
  failedCheck: { prefix: 'wsse', local: 'FailedCheck' },
  securityTokenUnavailable: { prefix: 'wsse', local: 'SecurityTokenUnavailable' },
  messageExpired: { prefix: 'wsse', local: 'MessageExpired' },
  xmlRefused: { prefix: 'ixh', local: 'XmlRefused' },
  doctypeRefused: { prefix: 'ixh', local: 'DoctypeRefused' },
  messageTooLarge: { prefix: 'ixh', local: 'MessageTooLarge' },
  mimeError: { prefix: 'ixh', local: 'MimeError' },
  /** An xop:Include naming a part the MIME package does not carry (or any xop:Include outside a package): XOP 1.0 §3, §4. */
  missingMimePart: { prefix: 'ixh', local: 'MissingMimePart' },
  /** A local request's HTTP header (X-Ixh-*) has a value the gateway cannot use. */
  badRequestHeader: { prefix: 'ixh', local: 'BadRequestHeader' },
  unsupportedMediaType: { prefix: 'ixh', local: 'UnsupportedMediaType' },
  badBody: { prefix: 'ixh', local: 'UnexpectedBody' },
  harnessError: { prefix: 'ixh', local: 'HarnessError' },
} as const satisfies Record<string, FaultSubcode>;

export function faultBody(fault: SoapFaultError): XmlOut {
  return el(
    'env:Fault',
    undefined,
    el('env:Code', undefined, el('env:Value', undefined, `env:${fault.code}`), subcodeChain(fault.subcodes)),
    el('env:Reason', undefined, el('env:Text', { 'xml:lang': 'en' }, fault.reason)),
    fault.detail && el('env:Detail', undefined, fault.detail),
  );
}

function subcodeChain(subcodes: readonly FaultSubcode[]): XmlOut | undefined {
  const [first, ...rest] = subcodes;
  if (!first) return undefined;
  return el('env:Subcode', undefined, el('env:Value', undefined, `${first.prefix}:${first.local}`), subcodeChain(rest));
}

/** Namespace URI of a subcode prefix. */
export function subcodeNamespace(prefix: FaultSubcode['prefix']): string {
  return NS[prefix];
}
