/** The world's push gateways: started per country with an NCP-B, linked pairwise, off with `push: false`. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { associate, SopClass } from '../../dimse/index.ts';
import { createDiscardingSink } from '../../evidence/discarding-sink.ts';
import { parseWorld } from '../../world/load-world.ts';
import { startWorld, type RunningWorld } from '../../world/start-world.ts';
import type { WorldCountry } from '../../world/world-config.ts';
import { linkBetween, pushAeTitle } from './world-push.ts';

const WORLD = `
name: push
seed: 7
patients: 0
countries:
  - code: CZ
    http: { port: 0 }
    pacs: { port: 0 }
  - code: AT
    http: { port: 0 }
    pacs: { port: 0 }
    link: { latencyMs: 10, bandwidthKbps: 20000 }
  - code: NL
    http: { port: 0 }
    pacs: { port: 0 }
    push: false
`;

let world: RunningWorld;
beforeAll(async () => {
  world = await startWorld(parseWorld(WORLD, 'push.yaml'), { evidence: createDiscardingSink(), timeoutMs: 5_000 });
}, 180_000);
afterAll(async () => world?.stop());

describe('world push gateways', () => {
  it('gives each country with an NCP a push gateway unless the world file turns it off', () => {
    expect(world.countries.get('CZ')!.push).toMatchObject({ aeTitle: pushAeTitle('CZ'), host: '127.0.0.1' });
    expect(world.countries.get('AT')!.push?.port).toBeGreaterThan(0);
    expect(world.countries.get('NL')!.push).toBeUndefined();
  });

  it('relays a push from AT to CZ\'s PACS and CZ\'s NCP-B notifies its arrival', async () => {
    const at = world.countries.get('AT')!;
    const cz = world.countries.get('CZ')!;
    const ct = world.fixtures.patients.find((p) => p.country === 'AT' && p.studies.some((s) => s.series.some((se) => se.modality === 'CT')))!;
    const study = ct.studies.find((s) => s.series.some((se) => se.modality === 'CT'))!;
    const uids = study.series.flatMap((se) => se.instances.map((i) => i.sopInstanceUid));
    const a = await associate({ host: at.push!.host, port: at.push!.port, callingAe: 'AT_CT', calledAe: cz.push!.aeTitle, contexts: [{ abstractSyntax: SopClass.CtImageStorage }, { abstractSyntax: '1.2.840.10008.5.1.4.1.1.4' }] });
    const results = await a.storeMany(uids.map((uid) => at.pacs!.index.fileOf(uid)!.path));
    await a.release();
    expect(results.every((r) => r.status === 0)).toBe(true);
    await at.push!.gateway.whenIdle();
    await cz.push!.gateway.whenIdle();
    expect(uids.filter((uid) => !cz.pacs!.index.fileOf(uid))).toEqual([]);
    const notice = cz.ncpB!.arrivals.list().find((n) => n.transaction === 'C-STORE' && n.studyInstanceUids.includes(study.studyInstanceUid));
    expect(notice).toMatchObject({ state: 'imported', counts: { images: uids.length, imagesStored: uids.length } });
  }, 30_000);

  it('plays both countries\' links between two gateways', () => {
    const link = (latencyMs: number, bandwidthKbps?: number, extra: { jitterMs?: number; lossPercent?: number } = {}) => ({ link: { latencyMs, lossless: true, ...(bandwidthKbps && { bandwidthKbps }), ...extra } }) as unknown as WorldCountry;
    expect(linkBetween(link(20, 20_000), link(5, 100_000), 7)).toEqual({ latencyMs: 25, bandwidthKbps: 20_000, seed: 7 });
    expect(linkBetween(link(0), link(0), 7)).toEqual({ latencyMs: 0, seed: 7 });
    expect(linkBetween(link(0, undefined, { jitterMs: 5, lossPercent: 1 }), link(0, undefined, { jitterMs: 3, lossPercent: 2 }), 7)).toEqual({ latencyMs: 0, jitterMs: 8, lossPercent: 2, seed: 7 });
  });

  it('refuses a world file whose push is neither false nor a mapping', () => {
    expect(() => parseWorld('countries:\n  - code: CZ\n    push: 3\n', 'bad.yaml')).toThrow(/push/);
  });
});
