import dcmjs from 'dcmjs';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testWorld } from '../../fixtures/dicom/test-world.ts';
import { createEvidenceRecorder } from '../evidence/recorder.ts';
import type { EvidenceSink } from '../evidence/evidence.ts';
import { buildHttpApp, XDS_REGISTRY_PREFIX, XDS_REPOSITORY_PREFIX } from '../http-app.ts';
import { createRegistryService, type RegistryService } from '../registry/registry-service.ts';
import { slotValue } from '../registry/xds-view.ts';
import { documentHash } from './document-metadata.ts';
import { localDicomDateTime, publishStudy, publishWorld, type PublishStudyInput, type ReportToPublish } from './rad68-publisher.ts';
import { injectTransport } from './test-transport.ts';
import { msFollowUpStudy, REPOSITORY_UID, testWorldStudies } from './test-inputs.ts';
import { IHE_IMAGING_REPORT_FORMAT_CODE } from './xds-codes.ts';
import { localToXdsUtc } from './xds-time.ts';

const CDA = new TextEncoder().encode('<ClinicalDocument xmlns="urn:hl7-org:v3"><title>placeholder</title></ClinicalDocument>');
const report: ReportToPublish = { bytes: CDA, mimeType: 'text/xml', formatCode: IHE_IMAGING_REPORT_FORMAT_CODE };
const NOW = new Date('2024-04-01T10:00:00Z'); // 12:00 CEST
const BASE = 'http://repository.test';

let app: FastifyInstance;
let registry: RegistryService;
let evidence: EvidenceSink;
beforeEach(async () => {
  evidence = createEvidenceRecorder();
  registry = createRegistryService({ knownPatients: 'any' });
  app = await buildHttpApp({ evidence, registry, repository: { repositoryUniqueId: REPOSITORY_UID } });
});
afterEach(async () => {
  await app.close();
});

const { ws, uidRoot } = msFollowUpStudy();

function input(extra: Partial<PublishStudyInput> = {}): PublishStudyInput {
  return {
    ws, uidRoot, evidence, repositoryUrl: `${BASE}${XDS_REPOSITORY_PREFIX}`, repositoryUniqueId: REPOSITORY_UID, retrieveAeTitle: 'NL_PACS',
    wadoRsBaseUrl: 'http://pacs.test/dicom-web', clock: () => NOW, report, transport: injectTransport(app), ...extra,
  };
}

describe('publishStudy (RAD-68)', () => {
  it('registers the KOS and the report in one MTOM submission recorded as RAD-68', async () => {
    const result = await publishStudy(input());
    expect(result).toMatchObject({ status: 'Success', errors: [] });
    expect(result.reportUid).toBe(ws.report!.id);
    const kos = registry.store.byUniqueId(result.kosUid)[0]!.object;
    const cda = registry.store.byUniqueId(result.reportUid!)[0]!.object;
    expect(kos.type === 'ExtrinsicObject' && kos.mimeType).toBe('application/dicom');
    expect(slotValue(cda, 'hash')).toBe(documentHash(CDA).hash);
    expect(slotValue(kos, 'creationTime')).toBe(localToXdsUtc(ws.study.date, ws.study.time, 'Europe/Amsterdam')); // the manifest is dated by its study
    await evidence.flush();
    const rad68 = evidence.entries().filter((e) => e.transaction === 'RAD-68').map((e) => `${e.actor} ${e.direction} ${e.file.split('.').pop()}`);
    expect(rad68).toEqual(['imaging-source request xml', 'imaging-source request txt', 'imaging-source request dcm', 'imaging-source request xml', 'imaging-source response xml', 'imaging-source response txt']);
  });

  it('gives the same manifest the same uniqueId whenever it is published', async () => {
    const first = await publishStudy(input());
    const otherRegistry = createRegistryService({ knownPatients: 'any' });
    const otherApp = await buildHttpApp({ evidence, registry: otherRegistry, repository: { repositoryUniqueId: REPOSITORY_UID } });
    try {
      const dayLater = await publishStudy(input({ clock: () => new Date(NOW.getTime() + 86_400_000), transport: injectTransport(otherApp) }));
      expect(dayLater.status).toBe('Success');
      expect(dayLater.kosUid).toBe(first.kosUid);
    } finally {
      await otherApp.close();
    }
  });

  it('writes no RetrieveURL without a WADO-RS base URL', async () => {
    const result = await publishStudy(input({ wadoRsBaseUrl: undefined, report: undefined }));
    expect(result.status).toBe('Success');
    await evidence.flush();
    const dcm = evidence.entries().find((e) => e.transaction === 'RAD-68' && e.file.endsWith('.dcm'))!;
    const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(new Uint8Array(await evidence.read(dcm)).buffer).dict);
    const series = (ds.CurrentRequestedProcedureEvidenceSequence as { ReferencedSeriesSequence: Record<string, unknown>[] }[])[0]!.ReferencedSeriesSequence;
    expect(series.length).toBeGreaterThan(1);
    for (const s of series) {
      expect(s.RetrieveURL).toBeUndefined();
      expect(s.RetrieveLocationUID).toBe(REPOSITORY_UID);
      expect(s.RetrieveAETitle).toBe('NL_PACS');
    }
  });

  it('returns the repository errors (a second publication of the same manifest) instead of throwing', async () => {
    expect((await publishStudy(input())).status).toBe('Success');
    const again = await publishStudy(input());
    expect(again.status).toBe('Failure');
    expect(again.errors.length).toBeGreaterThan(0);
  });

  it('turns a SOAP fault into a Failure with a SOAPFault error item', async () => {
    const result = await publishStudy(input({ repositoryUrl: `${BASE}${XDS_REGISTRY_PREFIX}` }));
    expect(result.status).toBe('Failure');
    expect(result.errors).toEqual([expect.objectContaining({ errorCode: 'SOAPFault:env:Sender', codeContext: expect.stringMatching(/not supported/) })]);
  });

  it('refuses a report without an author when the world has none', async () => {
    const unreported = testWorldStudies.find((w) => !w.report)!;
    await expect(publishStudy(input({ ws: unreported, uidRoot: testWorld.uidRoot }))).rejects.toThrow(/no author/);
  });
});

describe('publishWorld', () => {
  it('publishes every study of a country, counting each failure without throwing', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const inner = injectTransport(app);
    const transport: PublishStudyInput['transport'] = async (rq) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      try {
        await new Promise((r) => setTimeout(r, 5));
        return await inner(rq);
      } finally {
        inFlight--;
      }
    };
    const fr = testWorldStudies.filter((w) => w.country.code === 'FR');
    const broken = fr[1]!.study.studyInstanceUid;
    const result = await publishWorld({
      world: testWorld, country: 'FR', uidRoot: testWorld.uidRoot, evidence, repositoryUrl: `${BASE}${XDS_REPOSITORY_PREFIX}`, repositoryUniqueId: REPOSITORY_UID,
      wadoRsBaseUrl: 'http://pacs.test/dicom-web', clock: () => NOW, transport, concurrency: 2,
      report: (ws) => {
        if (ws.study.studyInstanceUid === broken) throw new Error('renderer failed');
        return ws.report ? report : undefined;
      },
    });
    expect(result.studies).toBe(fr.length);
    expect(result.failed).toBe(1);
    expect(result.published).toBe(fr.length - 1);
    expect(result.failures).toEqual([expect.objectContaining({ studyInstanceUid: broken, reason: 'renderer failed' })]);
    expect(maxInFlight).toBe(2);
    for (const r of result.results) expect(registry.store.byUniqueId(r.kosUid)).toHaveLength(1);
  });
});

describe('localDicomDateTime', () => {
  it('formats an instant in the site zone', () => {
    expect(localDicomDateTime(new Date('2024-03-12T09:15:00Z'), 'Europe/Paris')).toEqual({ date: '20240312', time: '101500' });
    expect(localDicomDateTime(new Date('2024-12-31T23:30:00Z'), 'Europe/Prague')).toEqual({ date: '20250101', time: '003000' });
  });
});
