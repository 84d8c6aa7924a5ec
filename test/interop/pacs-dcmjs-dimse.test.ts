/**
 * A third DIMSE implementation against the PACS: dcmjs-dimse's Client (the library the stack
 * first named for networking; see docs/decisions.md D1) echoes, stores and finds.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dcmjsDimse from 'dcmjs-dimse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCtFiles } from '../../simulators/dimse/test-ct-files.ts';
import { createEvidenceRecorder } from '../../simulators/evidence/recorder.ts';
import { createPacs, type Pacs } from '../../simulators/pacs/pacs.ts';

const { Client, requests, constants } = dcmjsDimse;
const STUDY = '1.2.826.0.1.3680043.10.555.1';

let root: string;
let pacs: Pacs;
let files: { path: string; sopInstanceUid: string }[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ixh-dcmjs-dimse-'));
  await mkdir(join(root, 'in'));
  files = await writeCtFiles(join(root, 'in'), 2, { studyInstanceUid: STUDY, patientId: 'DIMSE-1' });
  pacs = createPacs({ aeTitle: 'IXH_PACS', port: 0, storageDir: join(root, 'store') }, createEvidenceRecorder());
  await pacs.start();
});
afterAll(async () => {
  await pacs?.stop();
  await rm(root, { recursive: true, force: true });
});

/** Sends the requests on one association and collects every response status (and find datasets). */
function exchange(build: (client: InstanceType<typeof Client>) => void): Promise<{ statuses: number[]; datasets: unknown[] }> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    const statuses: number[] = [];
    const datasets: unknown[] = [];
    const original = client.addRequest.bind(client);
    client.addRequest = (request) => {
      request.on('response', (response) => {
        statuses.push(response.getStatus());
        if (response.hasDataset()) datasets.push(response.getDataset()?.getElement('StudyInstanceUID'));
      });
      original(request);
    };
    build(client);
    client.on('networkError', (e) => reject(e instanceof Error ? e : new Error(String(e))));
    client.on('associationRejected', () => reject(new Error('association rejected')));
    client.on('closed', () => resolve({ statuses, datasets }));
    client.send('127.0.0.1', pacs.address.port, 'DCMJS_DIMSE', 'IXH_PACS');
  });
}

describe('dcmjs-dimse Client against the ixh PACS', () => {
  it('C-ECHO, C-STORE of two instances, then C-FIND finds the study', async () => {
    const stored = await exchange((client) => {
      client.addRequest(new requests.CEchoRequest());
      for (const file of files) client.addRequest(new requests.CStoreRequest(file.path));
    });
    expect(stored.statuses).toEqual([constants.Status.Success, constants.Status.Success, constants.Status.Success]);
    expect(pacs.stats().instances).toBe(2);

    const found = await exchange((client) => client.addRequest(requests.CFindRequest.createStudyFindRequest({ PatientID: 'DIMSE-1', StudyInstanceUID: '' })));
    expect(found.statuses).toEqual([constants.Status.Pending, constants.Status.Success]);
    expect(found.datasets).toEqual([STUDY]);
  });
});
