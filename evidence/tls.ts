// The TLS certificate a page was served with, as facts a court can read: subject, SANs, issuer, validity, serial and
// SHA-256 fingerprint (what `openssl x509 -fingerprint -sha256` prints). The DER comes from the crawler's own socket
// (net/fetch.ts ExchangeFacts.certDer): the certificate actually presented, not one fetched again later.
import { X509Certificate } from 'node:crypto';

export interface TlsFacts {
  subject: string;
  /** DNS names and IP addresses the certificate is valid for */
  subjectAltNames: string[];
  issuer: string;
  validFrom: string;
  validTo: string;
  serialNumber: string;
  /** lower-case hex, no separators */
  sha256Fingerprint: string;
  selfSigned: boolean;
  /** the certificate itself, PEM, so anyone can check the facts */
  pem: string;
}

/** One-line distinguished name from node's multi-line form ("CN=a\nO=b" → "CN=a, O=b"). */
const oneLine = (dn: string) => dn.split('\n').map((s) => s.trim()).filter(Boolean).join(', ');

export function certFacts(der: Buffer): TlsFacts {
  const c = new X509Certificate(der);
  const sans = (c.subjectAltName ?? '')
    .split(/,\s*/)
    .map((s) => s.replace(/^(DNS|IP Address):/, '').trim())
    .filter(Boolean);
  return {
    subject: oneLine(c.subject),
    subjectAltNames: sans,
    issuer: oneLine(c.issuer),
    validFrom: new Date(c.validFrom).toISOString(),
    validTo: new Date(c.validTo).toISOString(),
    serialNumber: c.serialNumber.toLowerCase(),
    sha256Fingerprint: c.fingerprint256.replace(/:/g, '').toLowerCase(),
    selfSigned: c.checkIssued(c) && c.verify(c.publicKey),
    pem: c.toString(),
  };
}

/** certFacts, or null (with the reason kept by the caller) for bytes that are no certificate. */
export function tryCertFacts(der: Buffer | null | undefined): TlsFacts | null {
  if (!der || der.length === 0) return null;
  try {
    return certFacts(der);
  } catch {
    return null;
  }
}
