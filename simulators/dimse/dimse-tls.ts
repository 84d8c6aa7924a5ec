/**
 * DICOM over TLS, PS3.15 B.1 "Basic TLS Secure Transport Connection Profile" (with the BCP 195
 * floor of TLS 1.2): the acceptor presents its certificate and, when told to, refuses a requestor
 * without a certificate issued by `caPem`; the requestor believes only servers issued by `caPem`.
 * TLS sits under the upper layer unchanged: a `TLSSocket` is a `net.Socket` to the PDU link.
 */
import { connect, type ConnectionOptions, type TLSSocket, type TlsOptions } from 'node:tls';

export interface DimseTlsServer {
  readonly certPem: string;
  readonly keyPem: string;
  /** The CA(s) whose client certificates are believed (PEM; may hold several certificates). */
  readonly caPem: string;
  /** Refuse the handshake when the requestor presents no certificate issued by `caPem`. */
  readonly requireClientCert: boolean;
}

export interface DimseTlsClient {
  /** The CA(s) whose server certificates are believed. */
  readonly caPem: string;
  /** Our client certificate; an acceptor that requires one refuses us without it. */
  readonly certPem?: string;
  readonly keyPem?: string;
  /** Name checked against the server certificate (and sent as SNI); the host by default. */
  readonly servername?: string;
}

/** Options for `tls.createServer`; `handshakeMs` bounds a requestor stuck in its handshake. */
export function tlsServerOptions(tls: DimseTlsServer, handshakeMs: number): TlsOptions {
  return {
    cert: tls.certPem,
    key: tls.keyPem,
    ca: tls.caPem,
    requestCert: true,
    rejectUnauthorized: tls.requireClientCert,
    minVersion: 'TLSv1.2',
    handshakeTimeout: handshakeMs,
    noDelay: true,
  };
}

/** Starts a TLS connection; the caller waits for 'secureConnect' (or 'error'). */
export function connectTls(host: string, port: number, tls: DimseTlsClient): TLSSocket {
  const options: ConnectionOptions = {
    host,
    port,
    ca: tls.caPem,
    ...(tls.certPem && tls.keyPem && { cert: tls.certPem, key: tls.keyPem }),
    // SNI must not be an IP address (RFC 6066 §3); Node checks an IP host against the IP SANs.
    ...(tls.servername && { servername: tls.servername }),
    rejectUnauthorized: true,
    minVersion: 'TLSv1.2',
  };
  // Nagle is turned off by the PDU link (socket.setNoDelay) once the handshake is done.
  return connect(options);
}

/** TLS alerts arrive as terse OpenSSL strings; say which side's certificate is the problem. */
export function explainTlsFailure(message: string): string {
  if (/certificate required|handshake failure|bad certificate|unknown ca|alert/i.test(message)) {
    return `${message} (the acceptor refused the TLS handshake: is our client certificate issued by a CA it trusts?)`;
  }
  if (/self[- ]signed|unable to verify|UNABLE_TO_GET_ISSUER|CERT_|ERR_TLS_CERT_ALTNAME|certificate/i.test(message)) {
    return `${message} (the acceptor's certificate is not issued by our CA or does not name this host)`;
  }
  if (/wrong version number|packet length too long|ECONNRESET|socket hang up|disconnected before secure/i.test(message)) {
    return `${message} (the TLS handshake failed: does the peer speak TLS on this port?)`;
  }
  // TLS 1.3: the acceptor's verdict on our certificate may arrive as a bare close, its alert lost.
  if (/closed by peer/i.test(message)) {
    return `${message} (the acceptor closed the TLS connection without answering: did it refuse our client certificate?)`;
  }
  return message;
}

/**
 * Why an acceptor refused (or lost) a requestor's handshake, in the same plain words. Node drops
 * an unverifiable client certificate by destroying the socket ("socket hang up"); the real reason
 * is then only in the socket's `authorizationError`, so it is asked first.
 */
export function explainRefusedClient(err: Error & { code?: string }, authorizationError?: string | Error | null): string {
  const text = `${err.code ? `${err.code}: ` : ''}${err.message.trim()}`;
  const verify = authorizationError ? String(authorizationError instanceof Error ? ((authorizationError as Error & { code?: string }).code ?? authorizationError.message) : authorizationError) : '';
  if (verify) return `TLS handshake refused: the requestor's certificate is not issued by a trusted CA (${verify})`;
  if (/PEER_DID_NOT_RETURN_A_CERTIFICATE|certificate required/i.test(text)) return `TLS handshake refused: the requestor presented no client certificate (${text})`;
  if (/certificate verify failed|unknown ca|UNABLE_TO_GET_ISSUER|self[- ]signed/i.test(text)) return `TLS handshake refused: the requestor's certificate is not issued by a trusted CA (${text})`;
  if (/HANDSHAKE_TIMEOUT/i.test(text)) return `TLS handshake did not complete in time (${text})`;
  if (/wrong version number|http request|unknown protocol/i.test(text)) return `TLS handshake failed: the requestor does not speak TLS (${text})`;
  return `TLS handshake failed (${text})`;
}
