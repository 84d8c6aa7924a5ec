import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { associate, SopClass } from '../../dimse/index.ts';
import { writeCtFiles } from '../../dimse/test-ct-files.ts';
import { createDiscardingSink } from '../../evidence/discarding-sink.ts';
import { createLinkProxy } from '../../link/link-proxy.ts';
import { parseFault } from '../../pacs/behaviour.ts';
import { createStorageScp } from '../../storage-scp/storage-scp.ts';
import { createArrivals } from '../initiating/arrival-notice.ts';
import { createPushGateway } from './push-gateway.ts';

const STUDY = '1.2.826.0.1.3680043.10.999.1';
let dir: string;
let files: { path: string; sopInstanceUid: string }[];
const running: { stop(): Promise<void> }[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-push-'));
  await mkdir(join(dir, 'in'));
  files = await writeCtFiles(join(dir, 'in'), 6, { studyInstanceUid: STUDY, patientId: 'P-1' });
});
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Modality → gateway A → link → gateway B → storage SCP (the PACS of B). */
async function chain(faults: string[] = []) {
  const evidence = createDiscardingSink();
  const pacs = createStorageScp({ aeTitle: 'PACS_B', port: 0, outDir: join(dir, 'out'), behaviour: { faults: faults.map(parseFault) } }, evidence);
  await pacs.start();
  running.push(pacs);
  const arrivals = createArrivals({ evidence, actor: 'B.push' });
  const gatewayB = createPushGateway({ aeTitle: 'GW_B', port: 0, evidence, local: { host: '127.0.0.1', port: pacs.address.port, aeTitle: 'PACS_B' }, arrivals });
  await gatewayB.start();
  running.push(gatewayB);
  const link = createLinkProxy({ target: { host: '127.0.0.1', port: gatewayB.address.port }, profile: { latencyMs: 5, bandwidthKbps: 50_000 } });
  await link.start();
  running.push(link);
  const gatewayA = createPushGateway({ aeTitle: 'GW_A', port: 0, evidence, route: (ae) => (ae === 'GW_B' ? { host: '127.0.0.1', port: link.port, aeTitle: 'GW_B' } : undefined) });
  await gatewayA.start();
  running.push(gatewayA);
  return { pacs, arrivals, gatewayA, gatewayB, link };
}

async function push(port: number, calledAe: string): Promise<string> {
  const a = await associate({ host: '127.0.0.1', port, callingAe: 'MOBILE_CT', calledAe, contexts: [{ abstractSyntax: SopClass.CtImageStorage }] });
  try {
    const results = await a.storeMany(files.map((f) => f.path));
    await a.release();
    const refused = results.filter((r) => r.status !== 0);
    return refused.length ? `refused: ${refused.map((r) => r.status.toString(16)).join(' ')}` : 'released';
  } catch (err) {
    a.abort();
    return `failed: ${(err as Error).message}`;
  }
}

describe('push gateway', () => {
  it('relays every instance across the link into B\'s PACS and notifies the arrival of the complete study', async () => {
    const { arrivals, gatewayA, gatewayB, link } = await chain();
    expect(await push(gatewayA.address.port, 'GW_B')).toBe('released');
    await gatewayA.whenIdle();
    await gatewayB.whenIdle();
    expect((await readdir(join(dir, 'out'))).sort()).toEqual(files.map((f) => `${f.sopInstanceUid}.dcm`).sort());
    expect(link.bytes.up).toBeGreaterThan(6 * 64 * 64 * 2);
    const [notice, ...more] = arrivals.list();
    expect(more).toEqual([]);
    expect(notice).toMatchObject({ transaction: 'C-STORE', state: 'imported', studyInstanceUids: [STUDY], patientIds: ['P-1'], counts: { images: 6, imagesStored: 6 } });
  });

  it('never reports a study complete when B\'s PACS aborts mid-transfer', async () => {
    const { arrivals, gatewayA, gatewayB } = await chain(['abort-after:1']);
    await push(gatewayA.address.port, 'GW_B');
    await gatewayA.whenIdle();
    await gatewayB.whenIdle();
    const notice = arrivals.list()[0];
    expect(notice?.state).toBe('partial');
    expect(notice!.counts.imagesStored).toBeLessThan(6);
    expect(notice!.failures.length).toBeGreaterThan(0);
  });

  it('refuses a push to an AE it has no route to', async () => {
    const { gatewayA } = await chain();
    expect(await push(gatewayA.address.port, 'NOWHERE')).toMatch(/^refused: a801/);
  });
});
