/** rs:RegistryResponse and its RegistryErrorList (ebRS 3.0 §2.1.5, ITI TF-3 §4.2.4). */
import { NS, declare } from '../soap/namespaces.ts';
import { attr, element, elements, textOf, type XmlElement } from '../soap/xml-tree.ts';
import { el, type XmlChild, type XmlOut } from '../soap/xml-write.ts';
import { ResponseStatus, Severity, type XdsErrorCode } from './xds-constants.ts';

export interface RegistryErrorItem {
  readonly errorCode: XdsErrorCode | string;
  readonly codeContext: string;
  readonly severity?: 'error' | 'warning';
  /** Where: the object id, or the actor that detected it. */
  readonly location?: string;
}

export type StatusName = 'Success' | 'PartialSuccess' | 'Failure';

export function statusUri(name: StatusName): string {
  return name === 'Success' ? ResponseStatus.success : name === 'Failure' ? ResponseStatus.failure : ResponseStatus.partialSuccess;
}

/** Failure when any error and nothing succeeded; PartialSuccess when some did. */
export function statusFor(errors: readonly RegistryErrorItem[], someSucceeded = false): StatusName {
  if (!errors.some((e) => e.severity !== 'warning')) return 'Success';
  return someSucceeded ? 'PartialSuccess' : 'Failure';
}

export function errorList(errors: readonly RegistryErrorItem[]): XmlOut | undefined {
  if (errors.length === 0) return undefined;
  const highest = errors.some((e) => e.severity !== 'warning') ? Severity.error : Severity.warning;
  return el(
    'rs:RegistryErrorList',
    { highestSeverity: highest },
    errors.map((e) =>
      el('rs:RegistryError', { errorCode: e.errorCode, codeContext: e.codeContext, location: e.location, severity: e.severity === 'warning' ? Severity.warning : Severity.error }, e.codeContext),
    ),
  );
}

/** A standalone rs:RegistryResponse (ITI-41, ITI-42 answers). */
export function registryResponse(status: StatusName, errors: readonly RegistryErrorItem[], declareNs = true): XmlOut {
  return el('rs:RegistryResponse', { ...(declareNs && declare('rs', 'rim')), status: statusUri(status) }, errorList(errors));
}

export function adhocQueryResponse(status: StatusName, errors: readonly RegistryErrorItem[], objects: readonly XmlChild[]): XmlOut {
  return el('query:AdhocQueryResponse', { ...declare('query', 'rs', 'rim'), status: statusUri(status) }, errorList(errors), el('rim:RegistryObjectList', undefined, objects));
}

export interface ReadRegistryResponse {
  readonly status: StatusName | string;
  readonly errors: RegistryErrorItem[];
}

/** Reads a received rs:RegistryResponse (e.g. a SUT registry's answer to ITI-42). */
export function readRegistryResponse(response: XmlElement): ReadRegistryResponse {
  const uri = attr(response, 'status') ?? '';
  const status = uri === ResponseStatus.success ? 'Success' : uri === ResponseStatus.failure ? 'Failure' : uri === ResponseStatus.partialSuccess ? 'PartialSuccess' : uri;
  const list = element(response, NS.rs, 'RegistryErrorList');
  const errors = (list ? elements(list, NS.rs, 'RegistryError') : []).map((e) => {
    const location = attr(e, 'location');
    return {
      errorCode: attr(e, 'errorCode') ?? '',
      codeContext: attr(e, 'codeContext') ?? textOf(e),
      severity: attr(e, 'severity') === Severity.warning ? ('warning' as const) : ('error' as const),
      ...(location !== undefined && { location }),
    };
  });
  return { status, errors };
}
