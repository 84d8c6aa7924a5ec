/**
 * XDS-I.b Imaging Document Source, responding side: RAD-69 Retrieve Imaging Document Set
 * (RAD TF-3 4.69), serving the PACS simulator's stored instances (found through its index), or
 * those of another PACS through an `InstanceBackend`, as MTOM parts. The request body is read by rad69-messages.ts (a malformed one is a Sender fault);
 * the answer is built by rad69-retrieve.ts. Always answered as MTOM, like ITI-43.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { EvidenceSink } from '../evidence/evidence.ts';
import type { PacsIndex } from '../pacs/store/pacs-index.ts';
import { soapEndpoint, type SoapLimits } from '../soap/soap-endpoint.ts';
import { RAD69_ACTION, RAD69_RESPONSE_ACTION, readImagingRetrieveRequest } from './rad69-messages.ts';
import { answerImagingRetrieve, type InstanceBackend } from './rad69-retrieve.ts';

export const IMAGING_SOURCE_ACTOR = 'imaging-source';

export interface ImagingDocumentSourceOptions {
  readonly evidence: EvidenceSink;
  /** The PACS index whose files are served; the plugin never closes it. */
  readonly index?: PacsIndex;
  /** Serves instances from elsewhere instead (e.g. a SUT PACS by C-GET: dimse-backed-source.ts). */
  readonly backend?: InstanceBackend;
  /** repositoryUniqueId of this source: the RetrieveLocationUID its KOS manifests carry. */
  readonly repositoryUniqueId: string;
  readonly homeCommunityId?: string;
  /** Default 1000 (`DEFAULT_MAX_INSTANCES_PER_RESPONSE`); more gives a Failure asking to split the request. */
  readonly maxInstancesPerResponse?: number;
  /** Default 512 MiB (`DEFAULT_MAX_RESPONSE_BYTES`), summed from the index's file sizes. */
  readonly maxResponseBytes?: number;
  readonly limits?: Partial<SoapLimits>;
  readonly actor?: string;
}

export const imagingDocumentSource: FastifyPluginAsync<ImagingDocumentSourceOptions> = async (app, options) => {
  if (!options.index && !options.backend) throw new Error('the imaging document source needs a PACS index or an instance backend');
  await app.register(
    soapEndpoint({
      actor: options.actor ?? IMAGING_SOURCE_ACTOR,
      evidence: options.evidence,
      ...(options.limits && { limits: options.limits }),
      operations: {
        [RAD69_ACTION]: {
          transaction: 'RAD-69',
          responseAction: RAD69_RESPONSE_ACTION,
          handle: async ({ envelope }) => {
            const request = readImagingRetrieveRequest(envelope.body);
            const answer = await answerImagingRetrieve(request, options);
            return { body: answer.body, attachments: answer.attachments, mtom: true, outcome: answer.status };
          },
        },
      },
    }),
  );
};
