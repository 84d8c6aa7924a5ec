/**
 * A throw-away PKI for the NCP simulators: one test CA and the certificates issued by it (TLS
 * server, TLS client, SAML signing), made with the `openssl` CLI (Debian package `openssl`).
 *
 * Everything is cached on disk because RSA key generation costs ~100 ms per key: a certificate is
 * issued once per (name, request) and reused until it nears expiry. Each CA or certificate lives in
 * its own directory that appears atomically (built in a temporary directory, then renamed), so two
 * processes racing on the same `dir` both end up with the same, complete key pair: the loser of the
 * rename throws its own away and reads the winner's.
 *
 *   dir/ca/{key.pem,cert.pem}                 the test CA (self-signed, CA:TRUE, keyCertSign)
 *   dir/certs/<name>/{key.pem,cert.pem,request.json}
 */
import { X509Certificate, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runTool } from '../../peers/run-tool.ts';

/** 'tls-both': one certificate for a system that accepts and opens TLS connections (a DICOM AE is SCP and SCU). */
export type CertificateUsage = 'tls-server' | 'tls-client' | 'tls-both' | 'signing';

export interface CertificateRequest {
  /** File-system name of the certificate, e.g. "ncp-a-server" ([A-Za-z0-9._-], not starting with a dot). */
  readonly name: string;
  readonly commonName: string;
  readonly organisation?: string;
  /** ISO 3166-1 alpha-2. */
  readonly country?: string;
  readonly usage: CertificateUsage;
}

export interface IssuedCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  readonly certFile: string;
  readonly keyFile: string;
}

export interface TestPki {
  readonly dir: string;
  readonly caCertFile: string;
  readonly caCertPem: string;
  issue(request: CertificateRequest): Promise<IssuedCertificate>;
}

const CA_DAYS = 3650;
const LEAF_DAYS = 825;
/** A cached certificate closer than this to its end is issued anew. */
const RENEW_BEFORE_MS = 7 * 24 * 60 * 60 * 1000;
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const SAFE_TEXT = /^[^/\\=+<>#;"\u0000-\u001f]{1,64}$/;

/** Creates the CA in `dir` or reuses the one already there. */
export async function createTestPki(dir: string): Promise<TestPki> {
  await mkdir(join(dir, 'certs'), { recursive: true });
  const ca = await ensureDirectory(join(dir, 'ca'), dir, (tmp) => makeCa(tmp), async (existing) => isUsable(existing, undefined));
  const caCertPem = ca.certPem;
  return {
    dir,
    caCertFile: ca.certFile,
    caCertPem,
    issue: async (request) => {
      validate(request);
      return ensureDirectory(
        join(dir, 'certs', request.name),
        dir,
        (tmp) => makeLeaf(tmp, request, ca),
        async (existing) => isUsable(existing, caCertPem) && (await sameRequest(existing, request)),
      );
    },
  };
}

/** The CA certificate of a test PKI directory, for a peer that must trust it. */
export async function loadCaPem(dir: string): Promise<string> {
  return readFile(join(dir, 'ca', 'cert.pem'), 'utf8');
}

function validate(request: CertificateRequest): void {
  if (!SAFE_NAME.test(request.name)) throw new Error(`certificate name "${request.name}" must match ${SAFE_NAME}`);
  for (const [field, value] of [['commonName', request.commonName], ['organisation', request.organisation]] as const) {
    if (value !== undefined && !SAFE_TEXT.test(value)) throw new Error(`certificate ${field} "${value}" must be 1-64 characters without / \\ = + < > # ; "`);
  }
  if (request.country !== undefined && !/^[A-Z]{2}$/.test(request.country)) throw new Error(`certificate country "${request.country}" must be ISO 3166-1 alpha-2`);
}

/**
 * Returns the key pair in `target`, creating it when absent or unusable. Creation happens in a
 * temporary sibling directory that is renamed into place; a rename that loses a race is discarded.
 */
async function ensureDirectory(
  target: string,
  root: string,
  make: (tmp: string) => Promise<void>,
  usable: (existing: IssuedCertificate) => Promise<boolean>,
): Promise<IssuedCertificate> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await readPair(target);
    if (existing && (await usable(existing))) return existing;
    if (existing) await retire(target, root);
    const tmp = await mkdtemp(join(root, '.tmp-'));
    try {
      await make(tmp);
      await rm(join(tmp, 'scratch'), { recursive: true, force: true });
      await rename(tmp, target);
    } catch (err) {
      await rm(tmp, { recursive: true, force: true });
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err; // another process won the race: read its pair
    }
  }
  const pair = await readPair(target);
  if (!pair) throw new Error(`test PKI: could not create ${target}`);
  return pair;
}

async function readPair(target: string): Promise<IssuedCertificate | undefined> {
  const certFile = join(target, 'cert.pem');
  const keyFile = join(target, 'key.pem');
  try {
    const [certPem, keyPem] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
    return { certPem, keyPem, certFile, keyFile };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Moves a stale pair out of the way (atomically) before removing it. */
async function retire(target: string, root: string): Promise<void> {
  const grave = join(root, `.stale-${randomBytes(6).toString('hex')}`);
  try {
    await rename(target, grave);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return;
  }
  await rm(grave, { recursive: true, force: true });
}

function isUsable(pair: IssuedCertificate, caPem: string | undefined): boolean {
  try {
    const cert = new X509Certificate(pair.certPem);
    if (Date.parse(cert.validTo) - Date.now() < RENEW_BEFORE_MS) return false;
    if (caPem === undefined) return true;
    const ca = new X509Certificate(caPem);
    return cert.checkIssued(ca) && cert.verify(ca.publicKey);
  } catch {
    return false; // unreadable files are issued anew
  }
}

async function sameRequest(pair: IssuedCertificate, request: CertificateRequest): Promise<boolean> {
  try {
    const stored = await readFile(join(pair.certFile, '..', 'request.json'), 'utf8');
    return stored === requestJson(request);
  } catch {
    return false;
  }
}

function requestJson(request: CertificateRequest): string {
  const { name, commonName, organisation, country, usage } = request;
  return JSON.stringify({ name, commonName, organisation: organisation ?? null, country: country ?? null, usage });
}

async function makeCa(tmp: string): Promise<void> {
  await openssl([
    'req', '-x509', '-newkey', 'rsa:2048', '-sha256', '-nodes', '-days', String(CA_DAYS),
    '-keyout', join(tmp, 'key.pem'), '-out', join(tmp, 'cert.pem'),
    '-subj', '/C=EU/O=imaging-exchange-harness/CN=ixh Test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
    '-addext', 'subjectKeyIdentifier=hash',
  ]);
}

const EXTENSIONS: Readonly<Record<CertificateUsage, string>> = {
  'tls-server': 'keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n',
  'tls-client': 'keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n',
  'tls-both': 'keyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n',
  signing: 'keyUsage=critical,digitalSignature,nonRepudiation\n',
};

async function makeLeaf(tmp: string, request: CertificateRequest, ca: IssuedCertificate): Promise<void> {
  const scratch = join(tmp, 'scratch');
  await mkdir(scratch);
  const csr = join(scratch, 'request.csr');
  const ext = join(scratch, 'ext.cnf');
  const subject = [request.country && `/C=${request.country}`, request.organisation && `/O=${request.organisation}`, `/CN=${request.commonName}`].filter(Boolean).join('');
  await openssl(['req', '-new', '-newkey', 'rsa:2048', '-sha256', '-nodes', '-keyout', join(tmp, 'key.pem'), '-out', csr, '-subj', subject]);
  await writeFile(ext, `basicConstraints=critical,CA:FALSE\nauthorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n${EXTENSIONS[request.usage]}`);
  await openssl([
    'x509', '-req', '-in', csr, '-CA', ca.certFile, '-CAkey', ca.keyFile, '-sha256', '-days', String(LEAF_DAYS),
    // A random serial: a shared serial file would be one more thing two processes race on.
    '-set_serial', `0x${randomBytes(16).toString('hex').replace(/^[89a-f]/, '1')}`,
    '-extfile', ext, '-out', join(tmp, 'cert.pem'),
  ]);
  await writeFile(join(tmp, 'request.json'), requestJson(request));
}

async function openssl(args: readonly string[]): Promise<void> {
  const result = await runTool('openssl', args, { timeoutMs: 30_000 });
  if (result.code !== 0) throw new Error(`openssl ${args[0]} failed (exit ${result.code ?? result.signal}): ${result.stderr.trim().slice(0, 1000)}`);
}
