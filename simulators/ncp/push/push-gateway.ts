/**
 * The NCP push gateway (UC-543): a Storage SCP that relays each instance as soon as it has
 * arrived — streaming, never store-and-forward of a whole study. The called AE title picks the
 * route: a push to another country's gateway AE goes over the cross-border link to that gateway;
 * a push to this gateway's own AE goes into the local PACS. The sender gets its C-STORE-RSP once
 * the gateway holds the instance; forwarding runs behind on `lanes` parallel associations, so the
 * link's round trips do not stall the stream.
 *
 * A gateway that delivers locally with `arrivals` publishes one arrival notice per study once
 * every push association that carried it has ended and its instances are stored: `imported` only
 * when nothing failed and no carrying association was aborted (a partial study is never reported
 * complete). A failure downstream aborts the inbound association, so the sender learns of it.
 */
import type { Actor, ActorAddress } from '../../actor.ts';
import { collectSink } from '../../dimse/dataset-codec.ts';
import { associate, buildPart10Header, createDimseHost, statusCategory, TransferSyntax, type DimseClientAssociation, type DimseTlsClient, type DimseTlsServer } from '../../dimse/index.ts';
import { combineObservers } from '../../dimse/observer.ts';
import { dimseEvidence } from '../../evidence/dimse-evidence.ts';
import type { EvidenceSink } from '../../evidence/evidence.ts';
import { conformant } from '../../pacs/behaviour.ts';
import { pacsNegotiation } from '../../pacs/pacs-negotiation.ts';
import { STORAGE_SOP_CLASSES } from '../../pacs/storage-sop-classes.ts';
import type { ArrivalNotice, Arrivals } from '../initiating/arrival-notice.ts';
import { identifiersOf } from '../initiating/pacs-import.ts';

export interface PushHop {
  readonly host: string;
  readonly port: number;
  /** Called AE title of the next hop. */
  readonly aeTitle: string;
}

export interface PushGatewayConfig {
  /** Actor name in evidence, e.g. "push-gateway". */
  readonly name?: string;
  readonly aeTitle: string;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly evidence: EvidenceSink;
  /** The local PACS: where pushes called to this gateway's own AE go. */
  readonly local?: PushHop;
  /** Other gateways by their AE title (asked at each push, so routes may be added after start). */
  route?(calledAe: string): PushHop | undefined;
  /** Parallel associations per inbound association on cross-border routes (default 4). */
  readonly lanes?: number;
  readonly arrivals?: Arrivals;
  readonly dimseTimeoutMs?: number;
  /** DICOM TLS: `server` for inbound pushes, `client` for every relay association (local PACS and other gateways). */
  readonly tls?: { readonly server?: DimseTlsServer; readonly client?: DimseTlsClient };
}

export interface PushGateway extends Actor {
  /** Resolves when every relay so far has finished forwarding (and published its notices). */
  whenIdle(): Promise<void>;
}

interface StudyState {
  readonly patientIds: Set<string>;
  readonly open: Set<string>;
  images: number;
  stored: number;
  aborted: boolean;
  readonly failures: string[];
  readonly startedAt: Date;
}

interface Relay {
  readonly id: string;
  readonly hop: PushHop;
  readonly lanes: Promise<DimseClientAssociation | undefined>[];
  chains: Promise<void>[];
  next: number;
  failed?: string;
  readonly studies: Set<string>;
}

const PROPOSED = Object.keys(STORAGE_SOP_CLASSES).map((abstractSyntax) => ({ abstractSyntax, transferSyntaxes: [TransferSyntax.ExplicitVrLittleEndian, TransferSyntax.ImplicitVrLittleEndian] }));

export function createPushGateway(config: PushGatewayConfig): PushGateway {
  const name = config.name ?? 'push-gateway';
  const timeoutMs = config.dimseTimeoutMs ?? 30_000;
  const relays = new Map<string, Relay>();
  const studies = new Map<string, StudyState>();
  const pending = new Set<Promise<void>>();
  const outbound = new Set<DimseClientAssociation>();

  const hopFor = (calledAe: string): { hop: PushHop; lanes: number } | undefined => {
    if (calledAe.trim() === config.aeTitle) return config.local && { hop: config.local, lanes: 1 };
    const hop = config.route?.(calledAe.trim());
    return hop && { hop, lanes: Math.max(1, config.lanes ?? 4) };
  };

  const open = (hop: PushHop): Promise<DimseClientAssociation | undefined> =>
    associate({ host: hop.host, port: hop.port, callingAe: config.aeTitle, calledAe: hop.aeTitle, contexts: PROPOSED, ...(config.tls?.client && { tls: config.tls.client }), observer: dimseEvidence(config.evidence, name), timeouts: { connectMs: timeoutMs, associateMs: timeoutMs, dimseMs: timeoutMs, releaseMs: timeoutMs } }).then((a) => {
      outbound.add(a);
      void a.closed.finally(() => outbound.delete(a));
      return a;
    });

  const fail = (relay: Relay, reason: string): void => {
    if (relay.failed) return;
    relay.failed = reason;
    void config.evidence.record({ actor: name, peer: `${relay.hop.aeTitle}@${relay.hop.host}:${relay.hop.port}`, transaction: 'push-relay', direction: 'response', format: 'txt', status: 'failed', association: relay.id, body: reason });
    host.abortAssociation(relay.id);
  };

  async function finish(relay: Relay, aborted: boolean): Promise<void> {
    await Promise.all(relay.chains);
    const lanes = await Promise.all(relay.lanes.map((l) => l.catch(() => undefined)));
    await Promise.all(lanes.map(async (a) => {
      if (!a) return;
      if (relay.failed) a.abort();
      else await a.release().catch(() => a.abort());
    }));
    if (!config.arrivals) return;
    for (const uid of relay.studies) {
      const study = studies.get(uid);
      if (!study) continue;
      study.open.delete(relay.id);
      if (aborted) study.aborted = true;
      if (relay.failed) study.failures.push(relay.failed);
      if (study.open.size > 0) continue;
      studies.delete(uid);
      await config.arrivals.publish(noticeOf(uid, study));
    }
  }

  function noticeOf(uid: string, study: StudyState): ArrivalNotice {
    const complete = study.failures.length === 0 && !study.aborted && study.stored === study.images;
    const finished = new Date();
    const reasons = study.aborted && study.failures.length === 0 ? ['the push association was aborted before it was released'] : study.failures;
    return {
      id: `push-${uid}-${finished.getTime()}`,
      transaction: 'C-STORE',
      state: complete ? 'imported' : study.stored > 0 ? 'partial' : 'failed',
      ...(study.patientIds.size > 0 && { patientId: [...study.patientIds][0]! }),
      patientIds: [...study.patientIds],
      studyInstanceUids: [uid],
      sourceCommunities: [],
      counts: { documents: 0, images: study.images, imagesStored: study.stored, reports: 0, reportsStored: 0, notImported: study.images - study.stored },
      timings: { retrievedAt: study.startedAt.toISOString(), importStartedAt: study.startedAt.toISOString(), importFinishedAt: finished.toISOString(), importMs: finished.getTime() - study.startedAt.getTime() },
      reportIds: [],
      failures: reasons.map((reason) => ({ target: 'pacs' as const, reason })),
    };
  }

  const observer = combineObservers(dimseEvidence(config.evidence, name), {
    onAssociation(event) {
      if (event.phase !== 'released' && event.phase !== 'aborted' && event.phase !== 'closed') return;
      const relay = relays.get(event.associationId);
      if (!relay) return;
      relays.delete(event.associationId);
      const done = finish(relay, event.phase !== 'released').catch(() => undefined);
      pending.add(done);
      void done.finally(() => pending.delete(done));
    },
  });

  const host = createDimseHost({
    host: config.host ?? '127.0.0.1',
    port: config.port,
    ...(config.tls?.server && { tls: config.tls.server }),
    negotiate: pacsNegotiation(conformant, { queryRetrieve: false }),
    observer,
    handlers: {
      onEcho: () => 0x0000,
      onStore(request) {
        const id = request.association.associationId;
        let relay = relays.get(id);
        if (!relay) {
          const target = hopFor(request.association.local.ae);
          if (!target) return { complete: () => ({ status: 0xa801, errorComment: `no route to ${request.association.local.ae}` }) };
          const lanes = Array.from({ length: target.lanes }, () => open(target.hop));
          relay = { id, hop: target.hop, lanes, chains: lanes.map(() => Promise.resolve()), next: 0, studies: new Set() };
          relays.set(id, relay);
          for (const lane of lanes) lane.catch((err: Error) => fail(relay!, `association to ${target.hop.aeTitle} failed: ${err.message}`));
        }
        if (relay.failed) {
          host.abortAssociation(id);
          return {};
        }
        const r = relay;
        const sink = collectSink(256 * 1024 * 1024);
        return {
          sink,
          complete() {
            const dataset = sink.bytes();
            const source = { dataset, sopClassUid: request.sopClassUid, sopInstanceUid: request.sopInstanceUid, transferSyntaxUid: request.transferSyntax };
            const study = config.arrivals ? track(r, source) : undefined;
            const lane = r.next++ % r.lanes.length;
            r.chains[lane] = r.chains[lane]!.then(async () => {
              if (r.failed) return;
              const association = await r.lanes[lane]!.catch(() => undefined);
              if (!association) return;
              try {
                const result = await association.store(source);
                if (statusCategory(result.status) === 'failure') fail(r, `${r.hop.aeTitle} answered 0x${result.status.toString(16).padStart(4, '0')} for ${source.sopInstanceUid}`);
                else if (study) study.stored++;
              } catch (err) {
                fail(r, `forwarding ${source.sopInstanceUid} to ${r.hop.aeTitle}: ${(err as Error).message}`);
              }
            });
            return 0x0000;
          },
        };
      },
    },
  });

  function track(relay: Relay, source: { dataset: Buffer; sopClassUid: string; sopInstanceUid: string; transferSyntaxUid: string }): StudyState | undefined {
    const ids = datasetIdentifiers(source);
    const uid = ids.study ?? 'unknown';
    let study = studies.get(uid);
    if (!study) {
      study = { patientIds: new Set(), open: new Set(), images: 0, stored: 0, aborted: false, failures: [], startedAt: new Date() };
      studies.set(uid, study);
    }
    if (ids.patient) study.patientIds.add(ids.patient);
    study.open.add(relay.id);
    study.images++;
    relay.studies.add(uid);
    return study;
  }

  return {
    name,
    get address(): ActorAddress {
      return { host: host.host, port: host.port, aeTitle: config.aeTitle };
    },
    start: () => host.start(),
    async stop() {
      for (const a of outbound) a.abort();
      await host.stop();
      await Promise.all(pending);
    },
    async whenIdle() {
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}

/** Study Instance UID and Patient ID of a received data set (the import reader, over a Part 10 view of it). */
function datasetIdentifiers(source: { dataset: Buffer; sopClassUid: string; sopInstanceUid: string; transferSyntaxUid: string }): { study?: string; patient?: string } {
  const head = buildPart10Header({ sopClassUid: source.sopClassUid, sopInstanceUid: source.sopInstanceUid, transferSyntaxUid: source.transferSyntaxUid });
  // The identifiers precede the pixel data: the first 256 kB of the data set hold them.
  return identifiersOf(Buffer.concat([head, source.dataset.subarray(0, 256 * 1024)]));
}
