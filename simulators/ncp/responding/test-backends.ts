/**
 * Test harness for NCP-A: country A's XDS registry + repository (buildHttpApp) and a small RAD-69
 * imaging source, listening on 127.0.0.1:0 so NCP-A reaches them over real HTTP; NCP-A itself as a
 * fastify app for `inject`; and fake authorizers.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { EvidenceSink } from '../../evidence/evidence.ts';
import { createEvidenceRecorder } from '../../evidence/recorder.ts';
import { buildHttpApp, XDS_REGISTRY_PREFIX, XDS_REPOSITORY_PREFIX } from '../../http-app.ts';
import { RAD69_ACTION, RAD69_RESPONSE_ACTION, readImagingRetrieveRequest } from '../../imaging-source/rad69-messages.ts';
import { createRegistryService } from '../../registry/registry-service.ts';
import { homedIn, retrieveAnswer } from '../retrieve-answer.ts';
import { OTHER_PATIENT, PATIENT, provideRequest, REPOSITORY_ID, submission } from '../../registry/test-submission.ts';
import { Action } from '../../registry/xds-constants.ts';
import { soapEndpoint } from '../../soap/soap-endpoint.ts';
import { injectSoap } from '../../soap/test-inject.ts';
import { allowAll, type AuthorizationOutcome, type RequestAuthorizer } from '../gateway-security.ts';
import { NL_BSN, NCP_A } from '../xcpd/test-messages.ts';
import type { RespondingGatewayOptions } from './gateway-options.ts';
import { patientDirectory } from './patient-directory.ts';
import { respondingGateway } from './responding-gateway.ts';

export { PATIENT, OTHER_PATIENT, REPOSITORY_ID, NL_BSN, NCP_A };

/** A KOS-like part with every byte value, so any re-encoding would show. */
export const KOS_BYTES = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from('\r\n--not-a-boundary\r\n')]);
export const REPORT_BYTES = Buffer.from('<ClinicalDocument xmlns="urn:hl7-org:v3"/>');
export const KOS_UID = '2.25.701';
export const REPORT_UID = '2.25.702';
export const OTHER_PATIENT_DOC = '2.25.703';
/** SOP instances the fake imaging source holds. */
export const SOP_BYTES: ReadonlyMap<string, Buffer> = new Map([['1.2.3.4.1', Buffer.from([0, 1, 2, 0xff, 0x0d, 0x0a])], ['1.2.3.4.2', Buffer.from('second')]]);
export const IMAGING_SOURCE_ID = '1.3.6.1.4.1.21367.13.80.1';

export interface Backends {
  readonly registryUrl: string;
  readonly repositoryUrl: string;
  readonly imagingSourceUrl: string;
  close(): Promise<void>;
}

export async function startBackends(evidence: EvidenceSink = createEvidenceRecorder()): Promise<Backends> {
  const xds = await buildHttpApp({ evidence, registry: createRegistryService({ knownPatients: [PATIENT, OTHER_PATIENT] }), repository: { repositoryUniqueId: REPOSITORY_ID } });
  const base = await xds.listen({ port: 0, host: '127.0.0.1' });
  const docs = [
    { id: 'Kos01', uniqueId: KOS_UID, kind: 'kos' as const, modality: 'CT', region: { code: '818981001', meaning: 'Abdomen' } },
    { id: 'Report01', uniqueId: REPORT_UID, kind: 'report' as const },
  ];
  const parts = [
    { contentId: 'kos@ixh', contentType: 'application/dicom', body: KOS_BYTES },
    { contentId: 'report@ixh', contentType: 'text/xml', body: REPORT_BYTES },
  ];
  await seed(xds, provideRequest(submission({ docs }), [{ id: 'Kos01', cid: 'kos@ixh' }, { id: 'Report01', cid: 'report@ixh' }]), parts);
  const other = [{ id: 'Report02', uniqueId: OTHER_PATIENT_DOC, kind: 'report' as const, patientId: OTHER_PATIENT }];
  await seed(xds, provideRequest(submission({ docs: other, patientId: OTHER_PATIENT }), [{ id: 'Report02', cid: 'other@ixh' }]), [{ contentId: 'other@ixh', contentType: 'text/xml', body: REPORT_BYTES }]);

  const imaging = Fastify();
  await imaging.register(fakeImagingSource(evidence), { prefix: '/rad69' });
  const imagingBase = await imaging.listen({ port: 0, host: '127.0.0.1' });
  return {
    registryUrl: `${base}${XDS_REGISTRY_PREFIX}`,
    repositoryUrl: `${base}${XDS_REPOSITORY_PREFIX}`,
    imagingSourceUrl: `${imagingBase}/rad69`,
    close: async () => {
      await xds.close();
      await imaging.close();
    },
  };
}

async function seed(app: FastifyInstance, body: ReturnType<typeof provideRequest>, parts: { contentId: string; contentType: string; body: Buffer }[]): Promise<void> {
  const answer = await injectSoap(app, XDS_REPOSITORY_PREFIX, Action.provideRequest, body, { attachments: parts });
  const status = answer.envelope.body.attrs.find((a) => a.local === 'status')?.value ?? '';
  if (!status.endsWith('Success')) throw new Error(`seeding the repository failed: ${status}`);
}

/** RAD-69 answered from SOP_BYTES (unknown instances: XDSDocumentUniqueIdError). */
function fakeImagingSource(evidence: EvidenceSink) {
  return soapEndpoint({
    actor: 'imaging-source',
    evidence,
    operations: {
      [RAD69_ACTION]: {
        transaction: 'RAD-69',
        responseAction: RAD69_RESPONSE_ACTION,
        handle: ({ envelope }) => {
          const req = readImagingRetrieveRequest(envelope.body);
          const wanted = req.studies.flatMap((s) => s.series.flatMap((r) => r.documents));
          const found = wanted.filter((d) => SOP_BYTES.has(d.documentUniqueId));
          const errors = wanted.filter((d) => !SOP_BYTES.has(d.documentUniqueId)).map((d) => ({ errorCode: 'XDSDocumentUniqueIdError', codeContext: `no instance ${d.documentUniqueId}`, location: d.documentUniqueId }));
          // Reuses NCP-A's own response builder with the source's id in place of a community (the element is optional in RAD-69).
          const reply = retrieveAnswer(homedIn('urn:oid:1.2.3', found.map((d) => ({ repositoryUniqueId: IMAGING_SOURCE_ID, documentUniqueId: d.documentUniqueId, mimeType: 'application/dicom', bytes: SOP_BYTES.get(d.documentUniqueId)! }))), errors);
          return reply;
        },
      },
    },
  });
}

export const DIRECTORY = patientDirectory(NL_BSN, [
  { nationalId: { root: NL_BSN, extension: '999911120' }, name: { family: 'de Vries', given: 'Anna' }, gender: 'F', birthDate: '19700101', xdsPatientId: PATIENT },
]);

export function gatewayOptions(backends: Pick<Backends, 'registryUrl' | 'repositoryUrl' | 'imagingSourceUrl'>, extra: Partial<RespondingGatewayOptions> = {}): RespondingGatewayOptions {
  return {
    evidence: createEvidenceRecorder(),
    homeCommunityId: NCP_A.homeCommunityId,
    deviceOid: NCP_A.deviceOid,
    authorizer: allowAll,
    patients: DIRECTORY,
    registryUrl: backends.registryUrl,
    repositories: { [REPOSITORY_ID]: backends.repositoryUrl },
    imagingSourceUrl: backends.imagingSourceUrl,
    timeoutMs: 2_000,
    ...extra,
  };
}

export async function ncpA(options: RespondingGatewayOptions): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(respondingGateway, options);
  return app;
}

/** Answers every request with `outcome`, remembering what it was asked. */
export function fixedAuthorizer(outcome: (what: Parameters<RequestAuthorizer['authorize']>[1]) => AuthorizationOutcome): RequestAuthorizer & { asked: Parameters<RequestAuthorizer['authorize']>[1][] } {
  const asked: Parameters<RequestAuthorizer['authorize']>[1][] = [];
  return {
    asked,
    authorize: (_request, what) => {
      asked.push(what);
      return outcome(what);
    },
  };
}

export const REFUSED_AS_FAULT: AuthorizationOutcome = { ok: false, answer: 'fault', code: 'wsse:FailedCheck', message: 'signature of the HCP assertion does not verify' };
export const REFUSED_AS_ERROR: AuthorizationOutcome = { ok: false, answer: 'error', code: '4701', message: 'No consent: the patient has not consented to cross-border access' };

/** allowAll with a TRC for `patientId` and optionally emergency access. */
export function trcFor(patientId: string, emergency = false): RequestAuthorizer {
  return {
    authorize: async (request, what) => {
      const base = await allowAll.authorize(request, what);
      if (!base.ok) return base;
      return { ...base, emergency, trc: { assertionId: '_trc', patientId, purposeOfUse: emergency ? 'EMERGENCY' : 'TREATMENT', hcpAssertionId: base.hcp.assertionId } };
    },
  };
}
