import { describe, expect, it } from 'vitest';
import { NS } from '../../simulators/soap/namespaces.ts';
import { ebrimResponseStatus, ResponseStatus } from './ebrim-response-status.rule.ts';
import { findings, xml } from './test-xml.ts';

const ERRORS = `<rs:RegistryErrorList><rs:RegistryError errorCode="XDSRegistryError" codeContext="down" severity="urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:Error"/></rs:RegistryErrorList>`;
const adhoc = (status: string | undefined, inner = '') =>
  xml(`<q:AdhocQueryResponse xmlns:q="${NS.query}" xmlns:rs="${NS.rs}"${status ? ` status="${status}"` : ''}>${inner}</q:AdhocQueryResponse>`);
const retrieve = (inner: string) => xml(`<x:RetrieveDocumentSetResponse xmlns:x="${NS.xdsb}" xmlns:rs="${NS.rs}">${inner}</x:RetrieveDocumentSetResponse>`);

describe('message.ebrim.response-status', () => {
  it.each([
    ['Success', adhoc(ResponseStatus.success)],
    ['Failure with errors', adhoc(ResponseStatus.failure, ERRORS)],
    ['PartialSuccess with errors', adhoc(ResponseStatus.partialSuccess, ERRORS)],
    ['retrieve response with Success', retrieve(`<rs:RegistryResponse status="${ResponseStatus.success}"/>`)],
    ['a request (not judged)', xml(`<q:AdhocQueryRequest xmlns:q="${NS.query}"/>`)],
  ])('passes: %s', (_, root) => expect(findings(ebrimResponseStatus, root)).toEqual([]));

  it.each([
    ['no status', adhoc(undefined), '/AdhocQueryResponse/@status'],
    ['unknown status', adhoc('Success'), '/AdhocQueryResponse/@status'],
    ['Failure without errors', adhoc(ResponseStatus.failure), '/AdhocQueryResponse/RegistryErrorList'],
    ['retrieve response without RegistryResponse', retrieve(''), '/RetrieveDocumentSetResponse'],
  ])('fails: %s', (_, root, path) => expect(findings(ebrimResponseStatus, root)).toEqual([expect.objectContaining({ path })]));
});
