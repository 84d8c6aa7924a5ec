/**
 * From recorded messages to the exchanges a sequence diagram draws. Every simulated actor records
 * what it sees, so one exchange is usually recorded twice: by the caller (peer = the URL or
 * `CALLED_AE@host:port` it called) and by the callee (peer = the caller's ephemeral address or
 * `CALLING_AE@host:port`). The report does not carry the world's endpoints, so the two records are
 * paired by what they share inside one step (transaction, request size, operation count) and the
 * pairs teach which actor listens behind a URL or an AE title; records left unpaired are placed
 * with what was learnt, else on a lane named after the peer itself.
 */
import type { ReportMessage } from '../run-model.ts';
import { type ExchangeState, exchangeState, worse } from './exchange-status.ts';

export type Side = 'client' | 'server' | 'local';

/** One actor's record of one operation: its messages of one association/connection and transaction. */
export interface View {
  readonly actor: string;
  readonly peer: string;
  readonly side: Side;
  readonly transaction: string;
  readonly step: string;
  readonly messages: readonly ReportMessage[];
}

export interface Exchange {
  readonly step: string;
  readonly transaction: string;
  /** Lane ids: a recording actor's name, or `peer:<label>` for a peer no actor recorded. */
  readonly from: string;
  readonly to: string;
  /** Operations (e.g. C-STOREs) folded into this arrow. */
  readonly count: number;
  readonly bytes: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly state: ExchangeState;
  /** The last non-empty status seen (what the callee answered). */
  readonly status?: string;
  /** The message the arrow links to (the caller's request when recorded). */
  readonly requestSeq: number;
  readonly responseSeq?: number;
  readonly seqs: readonly number[];
}

export const PEER_LANE_PREFIX = 'peer:';

export function sideOf(message: Pick<ReportMessage, 'peer' | 'association'>): Side {
  if (message.peer === 'local') return 'local';
  if (/^https?:\/\//i.test(message.peer)) return 'client';
  // DIMSE associations name their role (association-requestor.ts / association-acceptor.ts).
  if (message.association?.startsWith('req-')) return 'client';
  return 'server';
}

/** Groups a step's messages into views, in order of their first message. */
export function viewsOf(messages: readonly ReportMessage[]): View[] {
  const views = new Map<string, { view: View; messages: ReportMessage[] }>();
  for (const m of [...messages].sort((a, b) => a.seq - b.seq)) {
    const key = [m.step, m.actor, m.association ?? m.peer, m.transaction].join('\u0000');
    const entry = views.get(key);
    if (entry) entry.messages.push(m);
    else {
      const list = [m];
      views.set(key, { view: { actor: m.actor, peer: m.peer, side: sideOf(m), transaction: m.transaction, step: m.step, messages: list }, messages: list });
    }
  }
  return [...views.values()].map((v) => v.view);
}

/** Derives the exchanges of one run's messages (all its steps), folded and in order. */
export function deriveExchanges(messages: readonly ReportMessage[]): Exchange[] {
  const views = viewsOf(messages);
  const known = knownEndpoints(messages);
  const pairs = pairViews(views, known);
  const directory = learnDirectory(pairs, known);
  const paired = new Set(pairs.flatMap((p) => [p.client, p.server]));
  const raw: Exchange[] = pairs.map((p) => exchange(p.client.actor, p.server.actor, p.client, p.server));
  for (const view of views) {
    if (paired.has(view)) continue;
    if (view.side === 'local') raw.push(exchange(view.actor, view.actor, view));
    else if (view.side === 'client') raw.push(exchange(view.actor, directory.callee(view.peer), view));
    else raw.push(exchange(directory.caller(view.peer), view.actor, view));
  }
  return fold(raw.sort((a, b) => Math.min(...a.seqs) - Math.min(...b.seqs)));
}

interface Pair {
  readonly client: View;
  readonly server: View;
}

/** Who is behind a DIMSE endpoint, as the actors' own A-ASSOCIATE records say. */
export interface KnownEndpoints {
  /** `AE@host:port` → actor, for both listening and calling endpoints. */
  readonly endpoints: ReadonlyMap<string, string>;
  /** AE title → actor, only for titles a single actor uses (a gateway may answer to its neighbour's title). */
  readonly aes: ReadonlyMap<string, string>;
}

/**
 * Reads every A-ASSOCIATE record's `local` block (`{ae, address, port}`): the endpoint the
 * recording actor itself used. Proxies (a simulated slow link) sit between some endpoints, so an
 * endpoint is matched exactly and a bare AE title only when one actor alone uses it.
 */
export function knownEndpoints(messages: readonly ReportMessage[]): KnownEndpoints {
  const endpoints = new Map<string, string>();
  const aeOwners = new Map<string, Set<string>>();
  for (const m of messages) {
    if (m.transaction !== 'A-ASSOCIATE' || m.text === undefined) continue;
    const local = /"local"\s*:\s*\{\s*"ae"\s*:\s*"([^"]+)"\s*,\s*"address"\s*:\s*"([^"]+)"\s*,\s*"port"\s*:\s*(\d+)/.exec(m.text);
    if (!local) continue;
    const [, ae, address, port] = local;
    endpoints.set(`${ae}@${address}:${port}`, m.actor);
    aeOwners.set(ae!, (aeOwners.get(ae!) ?? new Set()).add(m.actor));
  }
  const aes = new Map([...aeOwners].filter(([, owners]) => owners.size === 1).map(([ae, owners]) => [ae, [...owners][0]!]));
  return { endpoints, aes };
}

function whoIs(known: KnownEndpoints, peer: string): string | undefined {
  const ae = aeTitle(peer);
  return known.endpoints.get(peer) ?? (ae === undefined ? undefined : known.aes.get(ae));
}

/**
 * Pairs each callee's view with the caller's view of the same exchange in the same step: same
 * transaction, by equal request size first (SOAP bodies are forwarded byte for byte), then equal
 * operation count (DIMSE records differ by a few bytes per side), then the nearest in sequence.
 * A pair must agree with what the A-ASSOCIATE records say about either end.
 */
function pairViews(views: readonly View[], known: KnownEndpoints): Pair[] {
  const clients = views.filter((v) => v.side === 'client');
  const taken = new Set<View>();
  const pairs: Pair[] = [];
  const agrees = (peer: string, actor: string): boolean => (whoIs(known, peer) ?? actor) === actor;
  for (const server of views.filter((v) => v.side === 'server')) {
    const candidates = clients.filter(
      (c) =>
        !taken.has(c) &&
        c.step === server.step &&
        c.transaction === server.transaction &&
        c.actor !== server.actor &&
        agrees(c.peer, server.actor) &&
        agrees(server.peer, c.actor),
    );
    const best = candidates
      .map((c) => ({ c, score: pairScore(c, server) }))
      .sort((a, b) => a.score - b.score)[0];
    if (!best) continue;
    taken.add(best.c);
    pairs.push({ client: best.c, server });
  }
  return pairs;
}

function pairScore(client: View, server: View): number {
  const distance = Math.abs(firstSeq(client) - firstSeq(server));
  const sameBytes = requestBytes(client) !== undefined && requestBytes(client) === requestBytes(server);
  const sameCount = operations(client) === operations(server);
  return (sameBytes ? 0 : 2_000_000) + (sameCount ? 0 : 1_000_000) + distance;
}

interface Directory {
  /** The lane of whoever a caller reached at `peer` (a URL or CALLED_AE@host:port). */
  callee(peer: string): string;
  /** The lane of whoever called from `peer` (CALLING_AE@host:port or an ephemeral host:port). */
  caller(peer: string): string;
}

function learnDirectory(pairs: readonly Pair[], known: KnownEndpoints): Directory {
  const callees = new Map<string, string>();
  for (const { client, server } of pairs) callees.set(endpointKey(client.peer), server.actor);
  return {
    callee: (peer) => whoIs(known, peer) ?? callees.get(endpointKey(peer)) ?? peerLane(peer),
    caller: (peer) => whoIs(known, peer) ?? peerLane(peer),
  };
}

/** `AE@host:port` → AE; undefined for URLs and bare addresses. */
export function aeTitle(peer: string): string | undefined {
  const at = peer.indexOf('@');
  return at > 0 && !peer.includes('://') ? peer.slice(0, at) : undefined;
}

/** A URL without query/fragment, or the peer as recorded. */
function endpointKey(peer: string): string {
  try {
    const url = new URL(peer);
    return `url:${url.origin}${url.pathname}`;
  } catch {
    return `peer:${peer}`;
  }
}

/**
 * A lane for a peer no actor recorded: the AE title, the URL's host and path, or the bare host
 * (a caller's ephemeral port says nothing about who it is).
 */
export function peerLane(peer: string): string {
  const ae = aeTitle(peer);
  if (ae) return `${PEER_LANE_PREFIX}${ae}`;
  try {
    const url = new URL(peer);
    return `${PEER_LANE_PREFIX}${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return `${PEER_LANE_PREFIX}${peer.replace(/:\d+$/, '')}`;
  }
}

function exchange(from: string, to: string, main: View, other?: View): Exchange {
  const all = other ? [...main.messages, ...other.messages] : main.messages;
  const requests = (v: View): ReportMessage[] => v.messages.filter((m) => m.direction === 'request');
  const responses = (v: View): ReportMessage[] => v.messages.filter((m) => m.direction === 'response');
  const status = [...all].sort((a, b) => a.seq - b.seq).filter((m) => m.status !== undefined && m.status !== '').at(-1)?.status;
  // A call that got no answer at all (an unreachable community) is a failed exchange.
  const unanswered = !other && main.side === 'client' && /^https?:/i.test(main.peer) && responses(main).length === 0;
  const state = unanswered ? 'failed' : all.reduce<ExchangeState>((s, m) => worse(s, exchangeState(m.status)), 'ok');
  const request = requests(main)[0] ?? (other && requests(other)[0]);
  const response = responses(main)[0] ?? (other && responses(other)[0]);
  const { startMs, endMs } = span(all);
  return {
    step: main.step,
    transaction: main.transaction,
    from,
    to,
    count: operations(main),
    bytes: main.messages.reduce((n, m) => n + m.bytes, 0),
    startMs,
    endMs,
    state,
    ...(unanswered ? { status: 'no response' } : status !== undefined && { status }),
    requestSeq: (request ?? main.messages[0]!).seq,
    ...(response !== undefined && { responseSeq: response.seq }),
    seqs: all.map((m) => m.seq),
  };
}

/** When the messages were on the wire: a response recorded with its duration started that much earlier. */
function span(messages: readonly ReportMessage[]): { startMs: number; endMs: number } {
  let startMs = Infinity;
  let endMs = -Infinity;
  for (const m of messages) {
    const t = Date.parse(m.time);
    if (!Number.isFinite(t)) continue;
    startMs = Math.min(startMs, t - (m.durationMs ?? 0));
    endMs = Math.max(endMs, t);
  }
  return Number.isFinite(startMs) ? { startMs, endMs } : { startMs: 0, endMs: 0 };
}

/**
 * Operations in a view: a SOAP call is one request answered by several parts; a DIMSE
 * association carries N command/response pairs (the acceptor also records each dataset).
 */
function operations(view: View): number {
  const req = view.messages.filter((m) => m.direction === 'request').length;
  const res = view.messages.length - req;
  return req > 0 && res > 0 ? Math.min(req, res) : Math.max(req, res, 1);
}

function firstSeq(view: View): number {
  return view.messages[0]!.seq;
}

function requestBytes(view: View): number | undefined {
  return view.messages.find((m) => m.direction === 'request')?.bytes;
}

/**
 * Folds the exchanges of a step that go between the same lanes with the same transaction and
 * outcome into one arrow (300 C-STOREs over 12 associations read as one line); failed ones stay
 * apart from successful ones so a red arrow is never hidden.
 */
export function fold(exchanges: readonly Exchange[]): Exchange[] {
  const out: Exchange[] = [];
  const index = new Map<string, number>();
  for (const e of exchanges) {
    const key = [e.step, e.from, e.to, e.transaction, e.state].join('\u0000');
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, out.length);
      out.push(e);
      continue;
    }
    const prev = out[at]!;
    out[at] = {
      ...prev,
      count: prev.count + e.count,
      bytes: prev.bytes + e.bytes,
      startMs: Math.min(prev.startMs, e.startMs),
      endMs: Math.max(prev.endMs, e.endMs),
      ...(e.status !== undefined && { status: e.status }),
      seqs: [...prev.seqs, ...e.seqs],
    };
  }
  return out;
}
