/** Test helper: an `HttpTransport` that hands each POST to a fastify app with `inject`, so outbound SOAP clients reach an in-memory app without a socket. */
import type { FastifyInstance } from 'fastify';
import type { HttpTransport } from '../soap/soap-client.ts';

export function injectTransport(app: FastifyInstance): HttpTransport {
  return async (request) => {
    const url = new URL(request.url);
    const res = await app.inject({ method: 'POST', url: `${url.pathname}${url.search}`, headers: { ...request.headers }, payload: Buffer.from(request.body) });
    return { status: res.statusCode, contentType: res.headers['content-type'] === undefined ? undefined : String(res.headers['content-type']), body: res.rawPayload };
  };
}
