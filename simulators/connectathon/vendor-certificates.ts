/**
 * Certificates for a vendor's system at a connectathon, issued by the world's test CA when a
 * session opens: one key pair usable as TLS client AND server (a DICOM AE is SCU and SCP; a
 * gateway calls and is called), so the same files pass every TLS endpoint of a served world
 * (HTTPS with client certificates, DICOM TLS) and let the vendor's own SCP serve TLS to ours.
 * Its subject alternative names are 127.0.0.1 and localhost, where a connectathon on one
 * machine runs; a vendor on another host must skip host-name checks of its own server.
 */
import { createHash } from 'node:crypto';
import type { TestPki } from '../security/test-pki.ts';

export interface VendorCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  /** The world's CA: what the vendor's system must trust to talk to ixh. */
  readonly caCertPem: string;
}

/** Characters a certificate name (and its directory in the PKI) may hold. */
const UNSAFE_NAME_CHARS = /[^A-Za-z0-9._-]+/g;
/** Characters test-pki.ts refuses in a subject field. */
const UNSAFE_SUBJECT_CHARS = /[/\\=+<>#;"\u0000-\u001f]+/g;

export async function issueVendorCertificate(pki: TestPki, input: { readonly sessionId: string; readonly vendor: string }): Promise<VendorCertificate> {
  if (input.sessionId.trim() === '') throw new Error('a vendor certificate needs the session id it belongs to');
  const vendor = subjectText(input.vendor) || 'vendor';
  const issued = await pki.issue({
    name: vendorCertificateName(input),
    commonName: `${vendor.slice(0, 40)} (session ${slug(input.sessionId).slice(0, 12)})`.slice(0, 64).trim(),
    organisation: vendor,
    usage: 'tls-both',
  });
  return { certPem: issued.certPem, keyPem: issued.keyPem, caCertPem: pki.caCertPem };
}

/**
 * The certificate's name in the PKI directory: readable, file-system safe whatever the vendor
 * typed ("../", spaces, accents), and unique per (session, vendor) through a digest of both, so
 * two names that clean up alike never share a key.
 */
export function vendorCertificateName(input: { readonly sessionId: string; readonly vendor: string }): string {
  const digest = createHash('sha256').update(`${input.sessionId}\u0000${input.vendor}`).digest('hex').slice(0, 12);
  const vendor = slug(input.vendor).slice(0, 24) || 'vendor';
  const session = slug(input.sessionId).slice(0, 16) || 'session';
  return `vendor-${vendor}-${session}-${digest}`;
}

function slug(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(UNSAFE_NAME_CHARS, '-').replace(/^[-.]+|[-.]+$/g, '').replace(/-{2,}/g, '-');
}

/** ASCII only: `openssl req -subj` reads bytes, and a vendor name is no place for encodings. */
function subjectText(text: string): string {
  return text.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').replace(UNSAFE_SUBJECT_CHARS, ' ').replace(/\s+/g, ' ').trim().slice(0, 64).trim();
}
