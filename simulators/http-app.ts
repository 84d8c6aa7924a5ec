/**
 * The HTTP face of the simulators: one fastify app with each HTTP/SOAP actor as a plugin under
 * its own prefix. `listen()` belongs to the CLI; tests use `app.inject()`.
 *
 *   /xds/registry     XDS.b Document Registry (ITI-42, ITI-18)
 *   /xds/repository   XDS.b Document Repository (ITI-41, ITI-43)
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { EvidenceSink } from './evidence/evidence.ts';
import { documentRegistry } from './registry/document-registry.ts';
import { documentRepository } from './registry/document-repository.ts';
import { openDocumentStore, type DocumentStore } from './registry/document-store.ts';
import { httpRegistry, inProcessRegistry } from './registry/registry-link.ts';
import type { RegistryService } from './registry/registry-service.ts';
import type { SoapLimits } from './soap/soap-endpoint.ts';

export const XDS_REGISTRY_PREFIX = '/xds/registry';
export const XDS_REPOSITORY_PREFIX = '/xds/repository';

export interface XdsRepositoryConfig {
  /** XDSDocumentEntry.repositoryUniqueId (an OID). */
  readonly repositoryUniqueId: string;
  /** Where the bytes go; in memory when absent. */
  readonly documents?: DocumentStore;
  /** ITI-42 endpoint of another registry (e.g. a SUT); the app's own registry when absent. */
  readonly registryUrl?: string;
  readonly homeCommunityId?: string;
}

export interface HttpAppOptions {
  readonly evidence: EvidenceSink;
  /** The Document Registry to serve; the app closes it when it closes. */
  readonly registry?: RegistryService;
  readonly repository?: XdsRepositoryConfig;
  readonly limits?: Partial<SoapLimits>;
  readonly logger?: boolean;
}

export async function buildHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false });
  const { evidence, registry, repository, limits } = options;
  if (registry) {
    await app.register(documentRegistry, { prefix: XDS_REGISTRY_PREFIX, evidence, registry, ...(limits && { limits }) });
    app.addHook('onClose', async () => registry.close());
  }
  if (repository) {
    const link = repository.registryUrl
      ? httpRegistry(repository.registryUrl, { sink: evidence, actor: 'xds-repository' })
      : registry
        ? inProcessRegistry(registry, { sink: evidence, actor: 'xds-repository' })
        : undefined;
    if (!link) throw new Error('the XDS repository needs a registry: give `registry` or `repository.registryUrl`');
    await app.register(documentRepository, {
      prefix: XDS_REPOSITORY_PREFIX,
      evidence,
      registry: link,
      documents: repository.documents ?? openDocumentStore(),
      repositoryUniqueId: repository.repositoryUniqueId,
      ...(repository.homeCommunityId !== undefined && { homeCommunityId: repository.homeCommunityId }),
      ...(limits && { limits }),
    });
  }
  return app;
}
