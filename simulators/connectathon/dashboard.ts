/**
 * The dashboard's HTTP face (a fastify plugin): the page, session creation, and per session its
 * description, messages with findings, live events (SSE), sequence diagram and signed evidence.
 *
 * Isolation: every `/api/sessions/:id/...` route needs that session's token (`Authorization:
 * Bearer <token>`, or `?token=` where a browser cannot set a header). No token is 401; a token
 * that is not this session's is 404, the same answer as an unknown id, so a token never tells
 * whether another session exists.
 */
import type { KeyObject } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { dashboardCsp, dashboardPage } from './dashboard-page.ts';
import { isJudged, type LiveFinding, type ValidationQueue } from './live-validation.ts';
import { publicSession, writeSessionBundle } from './session-bundle.ts';
import { sessionDiagram } from './session-diagram.ts';
import type { SessionEvent, SessionEvents, Validation } from './session-events.ts';
import { SessionStoreError, type SessionRecord, type SessionStore, type StoredMessage } from './store/session-store.ts';
import { entriesOf, tarChunks } from './ustar.ts';

/** A session request the service refuses, with the HTTP status to answer. */
export class SessionRequestError extends Error {
  constructor(message: string, readonly statusCode: 400 | 409 = 400) {
    super(message);
  }
}

export interface DashboardOptions {
  readonly store: SessionStore;
  readonly events: SessionEvents;
  readonly validation: ValidationQueue;
  readonly countries: readonly string[];
  readonly signingKey: KeyObject;
  /** Opens a session from the request body; the answer carries the token, endpoints and AE titles. */
  openSession(body: unknown): Promise<{ readonly session: SessionRecord } & Record<string, unknown>>;
  /** What a session's own view shows besides its record: endpoints, AE titles, certificates. */
  describe(session: SessionRecord): Record<string, unknown>;
  closeSession(id: string): void;
  /** The session's TLS certificate and key, when one was issued. */
  certificatesOf?(session: SessionRecord): unknown;
  /** SSE keep-alive comment interval; 15 s by default. */
  readonly heartbeatMs?: number;
}

const MAX_PAGE = 1000;

export const dashboard: FastifyPluginAsync<DashboardOptions> = async (app, options) => {
  const { store, events, validation } = options;
  const csp = dashboardCsp();
  const html = dashboardPage();
  // Event streams never end by themselves: closed here so that stopping the service does not wait on browsers.
  const streams = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const res of streams) res.end();
  });

  function tokenOf(req: FastifyRequest): string | undefined {
    const header = req.headers.authorization;
    if (typeof header === 'string') {
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (match) return match[1];
    }
    const query = (req.query as Record<string, unknown> | undefined)?.token;
    return typeof query === 'string' && query !== '' ? query : undefined;
  }

  /** The session the request may see, or undefined after answering 401/404. */
  function authorized(req: FastifyRequest, reply: FastifyReply): SessionRecord | undefined {
    const token = tokenOf(req);
    if (token === undefined) {
      void reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'a session token is needed: Authorization: Bearer <token> (or ?token=)' });
      return undefined;
    }
    const session = store.authorize((req.params as { id: string }).id, token);
    if (!session) void reply.code(404).send({ error: 'no such session for this token' });
    return session;
  }

  function validationOf(m: StoredMessage): Validation {
    if (!isJudged(m.format)) return 'not-judged';
    return validation.isPending(m.sessionId, m.seq) ? 'pending' : 'done';
  }

  function withFindings(sessionId: string, messages: readonly StoredMessage[]): { message: StoredMessage; validation: Validation; findings: LiveFinding[] }[] {
    const bySeq = new Map<number, LiveFinding[]>();
    if (messages.length > 0) {
      for (const { sessionId: _s, messageSeq, ...f } of store.findings(sessionId)) {
        if (messageSeq < messages[0]!.seq || messageSeq > messages.at(-1)!.seq) continue;
        const list = bySeq.get(messageSeq) ?? [];
        list.push(f);
        bySeq.set(messageSeq, list);
      }
    }
    return messages.map((message) => ({ message, validation: validationOf(message), findings: bySeq.get(message.seq) ?? [] }));
  }

  app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').header('content-security-policy', csp).header('x-content-type-options', 'nosniff').send(html));

  app.post('/api/sessions', async (req, reply) => {
    try {
      const answer = await options.openSession(req.body);
      return reply.code(201).header('cache-control', 'no-store').send(answer);
    } catch (err) {
      if (err instanceof SessionRequestError) return reply.code(err.statusCode).send({ error: err.message });
      if (err instanceof SessionStoreError) return reply.code(400).send({ error: err.message });
      throw err;
    }
  });

  app.get('/api/sessions/:id', async (req, reply) => {
    const session = authorized(req, reply);
    if (!session) return reply;
    return { session: publicSession(session), ...options.describe(session) };
  });

  app.delete('/api/sessions/:id', async (req, reply) => {
    const session = authorized(req, reply);
    if (!session) return reply;
    options.closeSession(session.id);
    return { session: publicSession(store.session(session.id) ?? session) };
  });

  app.get('/api/sessions/:id/messages', async (req, reply) => {
    const session = authorized(req, reply);
    if (!session) return reply;
    const query = req.query as { after?: string; limit?: string };
    const after = wholeOr(query.after, 0);
    const limit = wholeOr(query.limit, MAX_PAGE);
    if (after === undefined || limit === undefined) return reply.code(400).send({ error: 'after and limit must be whole numbers' });
    return { messages: withFindings(session.id, store.messages(session.id, after, Math.min(limit, MAX_PAGE))) };
  });

  app.get('/api/sessions/:id/messages/:seq/body', async (req, reply) => {
    const session = authorized(req, reply);
    if (!session) return reply;
    const seq = wholeOr((req.params as { seq: string }).seq, -1);
    const body = seq === undefined ? undefined : store.body(session.id, seq);
    if (!body) return reply.code(404).send({ error: 'no such message' });
    return reply.type('application/octet-stream').header('x-content-type-options', 'nosniff').send(Buffer.from(body));
  });

  app.get('/api/sessions/:id/certificates', async (req, reply) => {
    const session = authorized(req, reply);
    if (!session) return reply;
    const issued = options.certificatesOf?.(session);
    if (!issued) return reply.code(404).send({ error: 'no certificate was issued for this session' });
    return reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="ixh-session-${session.id}-tls.json"`).send(issued);
  });

  app.get('/api/sessions/:id/diagram', async (req, reply) => {
    const session = authorized(req, reply);
    if (!session) return reply;
    return reply.type('image/svg+xml').header('cache-control', 'no-store').send(sessionDiagram(store, session.id, options.countries).svg);
  });

  app.get('/api/sessions/:id/evidence', async (req, reply) => {
    const session = authorized(req, reply);
    if (!session) return reply;
    const bundle = await writeSessionBundle(store, session, { key: options.signingKey });
    const stream = Readable.from(tarChunks(entriesOf(bundle.dir, bundle.name, bundle.files)));
    const cleanup = (): void => void rm(bundle.root, { recursive: true, force: true });
    stream.once('close', cleanup);
    return reply
      .type('application/x-tar')
      .header('content-disposition', `attachment; filename="${bundle.name}.tar"`)
      .header('x-ixh-messages', String(bundle.messages))
      .send(stream);
  });

  app.get('/api/sessions/:id/events', async (req, reply) => {
    const session = authorized(req, reply);
    if (!session) return reply;
    const lastId = req.headers['last-event-id'];
    const after = wholeOr(typeof lastId === 'string' ? lastId : (req.query as { after?: string }).after, 0) ?? 0;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    // Headers go out now, not with the first event: the browser reports the stream open at once.
    res.write(': connected\n\n');
    const send = (event: SessionEvent): void => {
      const id = event.type === 'message' ? `id: ${event.message.seq}\n` : '';
      res.write(`${id}event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    };
    // Subscribing and replaying in one synchronous stretch: no event can fall between the two.
    const unsubscribe = events.subscribe(session.id, send);
    for (let from = after; ; ) {
      const page = withFindings(session.id, store.messages(session.id, from, MAX_PAGE));
      for (const m of page) send({ type: 'message', ...m });
      if (page.length < MAX_PAGE) break;
      from = page.at(-1)!.message.seq;
    }
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), options.heartbeatMs ?? 15_000);
    heartbeat.unref();
    streams.add(res);
    res.once('close', () => {
      streams.delete(res);
      clearInterval(heartbeat);
      unsubscribe();
    });
  });
};

function wholeOr(value: string | undefined, fallback: number): number | undefined {
  if (value === undefined || value === '') return fallback;
  return /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}
