/**
 * The push gateways of a world (UC-543): one per country with a simulated NCP-B and a PACS, its
 * own AE title delivering into the local PACS with arrival notices from NCP-B's list, and every
 * other gateway reachable through a link proxy that plays both countries' links (latencies add
 * up, the slower bandwidth wins — as for the HTTP calls).
 */
import type { CountryCode } from '../../../fixtures/model.ts';
import type { EvidenceSink } from '../../evidence/evidence.ts';
import { createLinkProxy, type LinkProxy } from '../../link/link-proxy.ts';
import type { LinkProfile } from '../../link/emulated-link.ts';
import type { WorldCountry } from '../../world/world-config.ts';
import type { Arrivals } from '../initiating/arrival-notice.ts';
import { createPushGateway, type PushGateway, type PushGatewayConfig, type PushHop } from './push-gateway.ts';

export interface RunningPush {
  readonly aeTitle: string;
  readonly host: string;
  readonly port: number;
  readonly gateway: PushGateway;
}

export const pushAeTitle = (code: CountryCode): string => `IXH_${code}_PUSH`;

/** Starts `country`'s gateway; `routes` (other gateways by AE title) is filled in by `linkPushGateways`. */
export async function startCountryPush(country: WorldCountry, evidence: EvidenceSink, arrivals: Arrivals, routes: Map<string, PushHop>, dimseTimeoutMs?: number, tls?: PushGatewayConfig['tls']): Promise<RunningPush | undefined> {
  if (country.push === false || country.pacs.kind === 'none') return undefined;
  const aeTitle = pushAeTitle(country.code);
  const host = '127.0.0.1';
  const gateway = createPushGateway({
    aeTitle,
    host,
    port: country.push?.port ?? 0,
    evidence,
    local: { host: country.pacs.host, port: country.pacs.port, aeTitle: country.pacs.aeTitle },
    route: (calledAe) => routes.get(calledAe),
    arrivals,
    ...(dimseTimeoutMs !== undefined && { dimseTimeoutMs }),
    ...(tls && { tls }),
  });
  await gateway.start();
  return { aeTitle, host, port: gateway.address.port, gateway };
}

/**
 * The link between two countries, as their two `link` settings make it: latencies and jitters add
 * up, the slower bandwidth and the worse loss win; draws seeded by the world's seed. HTTP calls
 * (start-world.ts) and DIMSE pushes (the link proxies below) cross the same link.
 */
export function linkBetween(a: WorldCountry, b: WorldCountry, seed: number): LinkProfile {
  const bandwidths = [a.link.bandwidthKbps, b.link.bandwidthKbps].filter((x): x is number => x !== undefined && x > 0);
  const jitterMs = (a.link.jitterMs ?? 0) + (b.link.jitterMs ?? 0);
  const lossPercent = Math.max(a.link.lossPercent ?? 0, b.link.lossPercent ?? 0);
  return {
    latencyMs: a.link.latencyMs + b.link.latencyMs,
    ...(bandwidths.length > 0 && { bandwidthKbps: Math.min(...bandwidths) }),
    ...(jitterMs > 0 && { jitterMs }),
    ...(lossPercent > 0 && { lossPercent }),
    seed,
  };
}

/** One proxy per ordered pair of gateways; returns the proxies (to stop with the world). */
export async function linkPushGateways(gateways: readonly { readonly country: WorldCountry; readonly push: RunningPush; readonly routes: Map<string, PushHop> }[], seed: number): Promise<LinkProxy[]> {
  const proxies: LinkProxy[] = [];
  try {
    for (const from of gateways) {
      for (const to of gateways) {
        if (from === to) continue;
        const proxy = createLinkProxy({ target: { host: to.push.host, port: to.push.port }, profile: linkBetween(from.country, to.country, seed) });
        await proxy.start();
        proxies.push(proxy);
        from.routes.set(to.push.aeTitle, { host: proxy.host, port: proxy.port, aeTitle: to.push.aeTitle });
      }
    }
  } catch (err) {
    await Promise.all(proxies.map((p) => p.stop()));
    throw err;
  }
  return proxies;
}
