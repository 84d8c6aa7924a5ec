/**
 * XDS.b Document Repository actor: ITI-41 Provide and Register Document Set-b (stores the
 * documents, adds hash, size and repositoryUniqueId, registers through ITI-42) and ITI-43
 * Retrieve Document Set (always MTOM). Metadata problems are answered in the RegistryResponse.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { EvidenceSink } from '../evidence/evidence.ts';
import { declare, NS } from '../soap/namespaces.ts';
import { soapEndpoint, type SoapLimits } from '../soap/soap-endpoint.ts';
import { SoapFaultError, Subcode } from '../soap/soap-fault.ts';
import { el } from '../soap/xml-write.ts';
import { RimReadError } from './ebrim-model.ts';
import { writeRimObject } from './ebrim-write.ts';
import type { DocumentStore } from './document-store.ts';
import { readProvideRequest } from './provide-request.ts';
import type { RegistryLink } from './registry-link.ts';
import { registryResponse, statusFor, type RegistryErrorItem, type StatusName } from './registry-response.ts';
import { prepareDocuments } from './repository-documents.ts';
import { retrieveDocuments } from './retrieve-documents.ts';
import { Action, ErrorCode } from './xds-constants.ts';

export interface DocumentRepositoryOptions {
  readonly evidence: EvidenceSink;
  /** XDSDocumentEntry.repositoryUniqueId of this repository (an OID). */
  readonly repositoryUniqueId: string;
  readonly documents: DocumentStore;
  readonly registry: RegistryLink;
  /** Put in ITI-43 DocumentResponses when set (XCA responding side). */
  readonly homeCommunityId?: string;
  readonly limits?: Partial<SoapLimits>;
  readonly actor?: string;
}

export const documentRepository: FastifyPluginAsync<DocumentRepositoryOptions> = async (app, options) => {
  await app.register(
    soapEndpoint({
      actor: options.actor ?? 'xds-repository',
      evidence: options.evidence,
      ...(options.limits && { limits: options.limits }),
      operations: {
        [Action.provideRequest]: {
          transaction: 'ITI-41',
          responseAction: Action.provideResponse,
          handle: async ({ envelope, attachments }) => {
            const body = envelope.body;
            if (body.ns !== NS.xdsb || body.local !== 'ProvideAndRegisterDocumentSetRequest') {
              throw new SoapFaultError('Sender', `ITI-41 body must be xdsb:ProvideAndRegisterDocumentSetRequest, got ${body.local}`, [Subcode.badBody]);
            }
            const result = await provideAndRegister(() => readProvideRequest(body, attachments), options);
            // A SUT registry may answer a status URI outside the three XDS ones: reported as Failure.
            const status: StatusName = result.status === 'Success' || result.status === 'PartialSuccess' ? result.status : 'Failure';
            return { body: registryResponse(status, result.errors), outcome: status };
          },
        },
        [Action.retrieveRequest]: {
          transaction: 'ITI-43',
          responseAction: Action.retrieveResponse,
          handle: ({ envelope }) => {
            const body = envelope.body;
            if (body.ns !== NS.xdsb || body.local !== 'RetrieveDocumentSetRequest') {
              throw new SoapFaultError('Sender', `ITI-43 body must be xdsb:RetrieveDocumentSetRequest, got ${body.local}`, [Subcode.badBody]);
            }
            const answer = retrieveDocuments(body, options);
            return { body: answer.body, attachments: answer.attachments, mtom: true, outcome: answer.status };
          },
        },
      },
    }),
  );
};

async function provideAndRegister(read: () => ReturnType<typeof readProvideRequest>, options: DocumentRepositoryOptions): Promise<{ status: StatusName | string; errors: readonly RegistryErrorItem[] }> {
  let request;
  try {
    request = read();
  } catch (err) {
    if (!(err instanceof RimReadError)) throw err;
    const errors = [{ errorCode: ErrorCode.repositoryMetadataError, codeContext: err.message, ...(err.location && { location: err.location }) }];
    return { status: 'Failure', errors };
  }
  const prepared = prepareDocuments(request, options.repositoryUniqueId);
  if (prepared.errors.length > 0) return { status: statusFor(prepared.errors), errors: prepared.errors };
  const submit = el('lcm:SubmitObjectsRequest', declare('lcm', 'rim'), el('rim:RegistryObjectList', undefined, request.objects.map(writeRimObject)));
  const result = await options.registry.register(submit);
  if (result.status === 'Success' || result.status === 'PartialSuccess') options.documents.commit(prepared.staged);
  return result;
}
