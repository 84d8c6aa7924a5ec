/**
 * Mutual TLS between the NCPs, as eHDSI requires for every NCP-to-NCP call: the server presents
 * its TLS certificate and asks for the client's; both sides believe only certificates issued by
 * the configured CA. `httpsOptions` feeds `Fastify({ https })`; `tlsTransport` plugs into
 * `callSoap({ transport })`.
 */
import { request as httpsRequest } from 'node:https';
import type { SecureContextOptions, TlsOptions } from 'node:tls';
import type { HttpTransport } from '../soap/soap-client.ts';

export interface TlsIdentity {
  readonly certPem: string;
  readonly keyPem: string;
  /** The CA that issued the peer's certificate (PEM; may hold several certificates). */
  readonly caPem: string;
}

export interface HttpsServerOptions extends TlsIdentity {
  /** Refuse the handshake when the client presents no certificate issued by `caPem`. */
  readonly requireClientCert: boolean;
}

/** Options for `Fastify({ https: httpsOptions(...) })`. */
export function httpsOptions(options: HttpsServerOptions): TlsOptions & SecureContextOptions {
  return {
    cert: options.certPem,
    key: options.keyPem,
    ca: options.caPem,
    requestCert: true,
    rejectUnauthorized: options.requireClientCert,
    minVersion: 'TLSv1.2',
  };
}

export interface TlsTransportOptions extends TlsIdentity {
  /** Default for requests that bring none; `callSoap` always passes its own. */
  readonly timeoutMs?: number;
}

/** An `HttpTransport` presenting a client certificate and verifying the server against `caPem`. */
export function tlsTransport(options: TlsTransportOptions): HttpTransport {
  return (post) =>
    new Promise((resolve, reject) => {
      const url = new URL(post.url);
      if (url.protocol !== 'https:') {
        reject(new Error(`mutual TLS transport needs an https URL, got ${post.url}`));
        return;
      }
      const timeoutMs = post.timeoutMs || options.timeoutMs || 30_000;
      let settled = false;
      const fail = (err: Error): void => {
        if (settled) return;
        settled = true;
        reject(new Error(`TLS request to ${url.origin} failed: ${describe(err)}`, { cause: err }));
      };
      const req = httpsRequest(
        url,
        {
          method: 'POST',
          headers: { ...post.headers, 'content-length': String(post.body.byteLength) },
          cert: options.certPem,
          key: options.keyPem,
          ca: options.caPem,
          rejectUnauthorized: true,
          minVersion: 'TLSv1.2',
          // A fresh connection per call: a pooled socket would skip the handshake the tests assert on.
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', fail);
          res.on('end', () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            const type = res.headers['content-type'];
            resolve({ status: res.statusCode ?? 0, contentType: Array.isArray(type) ? type[0] : type, body: Buffer.concat(chunks) });
          });
        },
      );
      const timer = setTimeout(() => {
        req.destroy(new Error(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      req.on('error', (err) => {
        clearTimeout(timer);
        fail(err);
      });
      req.on('close', () => {
        clearTimeout(timer);
        fail(new Error('connection closed before a complete answer'));
      });
      req.end(post.body);
    });
}

/** TLS alerts arrive as terse OpenSSL strings; say what they mean for an NCP operator. */
function describe(err: Error & { code?: string }): string {
  const text = `${err.code ? `${err.code}: ` : ''}${err.message.trim()}`;
  if (/certificate required|handshake failure|bad certificate|unknown ca|ECONNRESET|EPIPE/i.test(text)) {
    return `${text} (the server refused the TLS handshake: is the client certificate issued by a CA the server trusts?)`;
  }
  if (/self[- ]signed|unable to verify|UNABLE_TO_GET_ISSUER|CERT_|ERR_TLS_CERT_ALTNAME/i.test(text)) {
    return `${text} (the server certificate is not issued by the configured CA or does not name this host)`;
  }
  return text;
}
