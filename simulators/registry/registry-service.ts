/**
 * The Document Registry's behaviour without the wire: register a SubmitObjectsRequest (ITI-42)
 * and answer an AdhocQueryRequest (ITI-18). The fastify plugin (document-registry.ts) and an
 * in-process repository link both call it, so they behave the same.
 */
import { NS } from '../soap/namespaces.ts';
import { attr, element, elements, textOf, type XmlElement } from '../soap/xml-tree.ts';
import type { XmlOut } from '../soap/xml-write.ts';
import { readRegistryObjectList, RimReadError } from './ebrim-model.ts';
import { writeObjectRef, writeRimObject } from './ebrim-write.ts';
import { openMetadataStore, type MetadataStore } from './metadata-store.ts';
import { QueryParamError } from './query-params.ts';
import { adhocQueryResponse, registryResponse, statusFor, type RegistryErrorItem, type StatusName } from './registry-response.ts';
import { checkSubmission, type PatientRegistry } from './submission-check.ts';
import { runStoredQuery } from './stored-queries.ts';
import { ErrorCode } from './xds-constants.ts';
import type { Slot } from './ebrim-model.ts';

export interface RegistryServiceOptions {
  /** SQLite file, or ':memory:' (default). */
  readonly storePath?: string;
  /** Patients known through the Patient Identity Feed; 'any' accepts every well-formed id. */
  readonly knownPatients?: Iterable<string> | 'any';
}

export interface RegistryOutcome {
  readonly status: StatusName;
  readonly errors: readonly RegistryErrorItem[];
  /** The rs:RegistryResponse to send. */
  readonly response: XmlOut;
}

export interface RegistryService {
  register(submitObjectsRequest: XmlElement): RegistryOutcome;
  query(adhocQueryRequest: XmlElement): { status: StatusName; response: XmlOut };
  /** Patient Identity Feed: makes a patient id known. */
  addPatient(patientId: string): void;
  readonly store: MetadataStore;
  close(): void;
}

export function createRegistryService(options: RegistryServiceOptions = {}): RegistryService {
  const store = openMetadataStore(options.storePath);
  const known = options.knownPatients === 'any' ? undefined : new Set(options.knownPatients ?? []);
  const patients: PatientRegistry = { isKnown: (id) => known === undefined || known.has(id) };

  function register(request: XmlElement): RegistryOutcome {
    const errors: RegistryErrorItem[] = [];
    try {
      if (request.ns !== NS.lcm || request.local !== 'SubmitObjectsRequest') throw new RimReadError(`expected lcm:SubmitObjectsRequest, got {${request.ns}}${request.local}`);
      const list = element(request, NS.rim, 'RegistryObjectList');
      if (!list) throw new RimReadError('SubmitObjectsRequest without rim:RegistryObjectList');
      const checked = checkSubmission(readRegistryObjectList(list), store, patients);
      errors.push(...checked.errors);
      if (errors.length === 0) store.insert(checked.accepted, checked.deprecate);
    } catch (err) {
      if (!(err instanceof RimReadError)) throw err;
      errors.push({ errorCode: ErrorCode.registryMetadataError, codeContext: err.message, ...(err.location !== undefined && { location: err.location }) });
    }
    const status = statusFor(errors);
    return { status, errors, response: registryResponse(status, errors) };
  }

  function query(request: XmlElement): { status: StatusName; response: XmlOut } {
    const fail = (errorCode: string, codeContext: string): { status: StatusName; response: XmlOut } => {
      const errors = [{ errorCode, codeContext }];
      return { status: 'Failure', response: adhocQueryResponse('Failure', errors, []) };
    };
    if (request.ns !== NS.query || request.local !== 'AdhocQueryRequest') return fail(ErrorCode.registryError, `expected query:AdhocQueryRequest, got {${request.ns}}${request.local}`);
    const option = element(request, NS.query, 'ResponseOption');
    const returnType = (option && attr(option, 'returnType')) ?? 'RegistryObject';
    if (returnType !== 'LeafClass' && returnType !== 'ObjectRef') return fail(ErrorCode.registryError, `returnType ${returnType} is not supported (LeafClass, ObjectRef)`);
    const adhoc = element(request, NS.rim, 'AdhocQuery');
    const queryId = adhoc && attr(adhoc, 'id');
    if (!adhoc || !queryId) return fail(ErrorCode.registryError, 'AdhocQueryRequest without rim:AdhocQuery id');
    const slots: Slot[] = elements(adhoc, NS.rim, 'Slot').map((s) => {
      const list = element(s, NS.rim, 'ValueList');
      return { name: attr(s, 'name') ?? '', values: list ? elements(list, NS.rim, 'Value').map((v) => textOf(v)) : [] };
    });
    try {
      const { objects } = runStoredQuery(queryId, slots, store);
      const rendered = objects.map((s) => (returnType === 'ObjectRef' ? writeObjectRef(s.object.id) : writeRimObject(s.object)));
      return { status: 'Success', response: adhocQueryResponse('Success', [], rendered) };
    } catch (err) {
      if (err instanceof QueryParamError) return fail(err.errorCode, err.message);
      throw err;
    }
  }

  return {
    register,
    query,
    addPatient: (id) => known?.add(id),
    store,
    close: () => store.close(),
  };
}
