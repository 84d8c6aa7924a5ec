/**
 * Which signing certificates a responding gateway believes: those issued (directly) by one of the
 * configured CAs, valid at the time of the check, and not CA certificates themselves. In eHDSI
 * the CAs are the ones the central terminology/configuration services publish; here it is the
 * test CA (or whatever PEMs a real deployment passes in).
 */
import { X509Certificate } from 'node:crypto';

export interface TrustStore {
  /** Undefined when `certPem` is trusted at `now`, otherwise why not. */
  problem(cert: X509Certificate, now: Date): string | undefined;
}

export function createTrustStore(caPems: readonly string[]): TrustStore {
  if (caPems.length === 0) throw new Error('trust store needs at least one CA certificate');
  const cas = caPems.map((pem, i) => {
    try {
      return new X509Certificate(pem);
    } catch (err) {
      throw new Error(`trusted CA #${i + 1} is not a PEM certificate: ${(err as Error).message}`);
    }
  });
  return {
    problem(cert, now) {
      if (cert.ca) return `certificate "${cert.subject.replace(/\n/g, ', ')}" is a CA certificate, not a signing certificate`;
      const issuer = cas.find((ca) => cert.checkIssued(ca) && cert.verify(ca.publicKey));
      if (!issuer) return `certificate "${cert.subject.replace(/\n/g, ', ')}" (issuer "${cert.issuer.replace(/\n/g, ', ')}") is not issued by a trusted CA`;
      for (const c of [cert, issuer]) {
        const from = Date.parse(c.validFrom);
        const to = Date.parse(c.validTo);
        if (!(now.getTime() >= from && now.getTime() <= to)) return `certificate "${c.subject.replace(/\n/g, ', ')}" is not valid at ${now.toISOString()} (valid ${c.validFrom} – ${c.validTo})`;
      }
      return undefined;
    },
  };
}
