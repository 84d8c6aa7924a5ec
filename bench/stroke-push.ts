/**
 * The stroke push (UC-543) as the issue measures it: a CT series pushed by a modality through
 * two NCP push gateways over the emulated "mobile uplink" (20 Mbit/s, 40 ms round trip) into a
 * Storage SCP, timed to the first and the last image on disk, against the link's physical time
 * (file bytes / bandwidth + 2 round trips: association and last response). Target: within 5 %.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { associate, readPart10Info } from '../simulators/dimse/index.ts';
import { createDiscardingSink } from '../simulators/evidence/discarding-sink.ts';
import type { LinkProfile } from '../simulators/link/emulated-link.ts';
import { createLinkProxy, physicalTimeMs } from '../simulators/link/link-proxy.ts';
import { createArrivals } from '../simulators/ncp/initiating/arrival-notice.ts';
import { createPushGateway } from '../simulators/ncp/push/push-gateway.ts';
import { createStorageScp } from '../simulators/storage-scp/storage-scp.ts';
import type { CtSeries } from './ct-series.ts';

export interface StrokePush {
  readonly instances: number;
  readonly bytes: number;
  /** Bytes that crossed the emulated link towards the receiver (PDUs, commands, data sets). */
  readonly wireBytes: number;
  readonly link: LinkProfile;
  readonly lanes: number;
  readonly physicalMs: number;
  readonly firstImageMs: number;
  readonly wholeStudyMs: number;
  /** wholeStudyMs / physicalMs − 1, in percent. */
  readonly overheadPercent: number;
  readonly notice: string;
}

export const MOBILE_UPLINK: LinkProfile = { latencyMs: 20, bandwidthKbps: 20_000 };

export async function measureStrokePush(options: { readonly series: CtSeries; readonly workDir: string; readonly link?: LinkProfile; readonly lanes?: number; readonly log: (line: string) => void }): Promise<StrokePush> {
  const link = options.link ?? MOBILE_UPLINK;
  const lanes = options.lanes ?? 4;
  const evidence = createDiscardingSink();
  const outDir = join(options.workDir, 'out');
  let stored = 0;
  let firstAt = 0;
  let lastAt = 0;
  const all = options.series.files.length;
  const scp = createStorageScp({ aeTitle: 'STROKE_PACS', port: 0, outDir, onStored: () => {
    stored++;
    const now = performance.now();
    if (stored === 1) firstAt = now;
    if (stored === all) lastAt = now;
  } }, evidence);
  const arrivals = createArrivals({ evidence, actor: 'CZ.push' });
  const stops: { stop(): Promise<void> }[] = [];
  try {
    await scp.start();
    stops.push(scp);
    const gatewayB = createPushGateway({ aeTitle: 'IXH_CZ_PUSH', port: 0, evidence, local: { host: '127.0.0.1', port: scp.address.port, aeTitle: 'STROKE_PACS' }, arrivals });
    await gatewayB.start();
    stops.push(gatewayB);
    const proxy = createLinkProxy({ target: { host: '127.0.0.1', port: gatewayB.address.port }, profile: link });
    await proxy.start();
    stops.push(proxy);
    const gatewayA = createPushGateway({ aeTitle: 'IXH_AT_PUSH', port: 0, evidence, lanes, route: (ae) => (ae === 'IXH_CZ_PUSH' ? { host: proxy.host, port: proxy.port, aeTitle: 'IXH_CZ_PUSH' } : undefined) });
    await gatewayA.start();
    stops.push(gatewayA);
    const sopClass = (await readPart10Info(options.series.files[0]!)).sopClassUid;

    options.log(`stroke push: ${all} instances, ${(options.series.bytes / 1e6).toFixed(1)} MB over ${link.bandwidthKbps} kbit/s, ${2 * link.latencyMs} ms RTT, ${lanes} lanes`);
    const started = performance.now();
    const modality = await associate({ host: '127.0.0.1', port: gatewayA.address.port, callingAe: 'AT_MOBILE_CT', calledAe: 'IXH_CZ_PUSH', contexts: [{ abstractSyntax: sopClass }] });
    await modality.storeMany(options.series.files);
    await modality.release();
    await gatewayA.whenIdle();
    await gatewayB.whenIdle();
    if (stored !== all) throw new Error(`only ${stored}/${all} instances arrived`);
    const physicalMs = physicalTimeMs(link, options.series.bytes, 2);
    const wholeStudyMs = lastAt - started;
    const notice = arrivals.list()[0];
    return {
      instances: all,
      bytes: options.series.bytes,
      wireBytes: proxy.bytes.up,
      link,
      lanes,
      physicalMs,
      firstImageMs: firstAt - started,
      wholeStudyMs,
      overheadPercent: (wholeStudyMs / physicalMs - 1) * 100,
      notice: notice ? `${notice.state}, ${notice.counts.imagesStored}/${notice.counts.images} images` : 'none',
    };
  } finally {
    for (const s of stops.reverse()) await s.stop();
    await rm(options.workDir, { recursive: true, force: true });
  }
}

export function renderStrokePush(push: StrokePush): string[] {
  const f = (n: number, digits = 0): string => n.toFixed(digits);
  return [
    '## Stroke push (UC-543)',
    '',
    `${push.instances} CT instances, 512×512, 16-bit, ${f(push.bytes / 1e6, 1)} MB, pushed by a modality (ixh SCU, \`storeMany\`) to AT's push gateway, relayed instance by instance on ${push.lanes} parallel associations through the link proxy (${push.link.bandwidthKbps} kbit/s, ${2 * push.link.latencyMs} ms round trip) to CZ's push gateway and into a Storage SCP. Physical time = file bytes / bandwidth + 2 round trips. One run (bench/stroke-push.ts).`,
    '',
    '| physical ms | first image ms | whole study ms | over physical | bytes on the link | arrival notice |',
    '|---:|---:|---:|---:|---:|---|',
    `| ${f(push.physicalMs)} | ${f(push.firstImageMs)} | ${f(push.wholeStudyMs)} | ${f(push.overheadPercent, 1)} % | ${f(push.wireBytes / 1e6, 1)} MB | ${push.notice} |`,
    '',
    'Target (scenarios issue): within 5 % of the physical time. PDU and command overhead is part of the measured time but not of the physical time.',
    '',
  ];
}
