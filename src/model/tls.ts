// Certificates in `kubernetes.io/tls` Secrets: what an Ingress controller will
// serve, when it stops being valid, and which hosts it covers. Only tls.crt
// ever reaches the store (ingest drops every other key), and only the leaf is
// read.
import { X509Certificate } from 'node:crypto';
import type { ClusterStore } from '../cluster/store.js';
import type { K8sObject } from './types.js';

export interface CertInfo {
  /** Subject common name, if any. */
  commonName?: string;
  /** The whole subject, one line (`CN=web, O=shop`). */
  subject: string;
  issuer: string;
  /** DNS names from subjectAltName, as written (wildcards kept). */
  dnsNames: string[];
  /** IP addresses from subjectAltName. */
  ipAddresses: string[];
  notBefore: number;
  notAfter: number;
  serialNumber: string;
  /** Certificates in the PEM bundle (the leaf plus any chain). */
  chainLength: number;
  selfSigned: boolean;
}

export type CertParse = { ok: true; cert: CertInfo } | { ok: false; error: string };

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** OpenSSL's `Jan  1 00:00:00 2025 GMT` (what X509Certificate.validTo returns) to ms. */
export function parseOpenSslTime(s: string): number | undefined {
  const m = s.trim().match(/^([A-Z][a-z]{2})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?\s+(\d{4})\s+GMT$/);
  if (!m) {
    const t = Date.parse(s);
    return Number.isNaN(t) ? undefined : t;
  }
  const month = MONTHS.indexOf(m[1]!);
  if (month < 0) return undefined;
  return Date.UTC(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
}

function oneLineName(s: string): string {
  return s
    .split('\n')
    .map((p) => p.trim())
    .filter(Boolean)
    .join(', ');
}

function splitAltNames(s: string | undefined): { dns: string[]; ip: string[] } {
  const dns: string[] = [];
  const ip: string[] = [];
  if (!s) return { dns, ip };
  // Node writes `DNS:a.example.com, DNS:*.example.com, IP Address:10.0.0.1`;
  // values containing a comma are quoted, which DNS names never need.
  for (const part of s.split(/,\s*/)) {
    const idx = part.indexOf(':');
    if (idx < 0) continue;
    const type = part.slice(0, idx).trim();
    let value = part.slice(idx + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (type === 'DNS') dns.push(value);
    else if (type === 'IP Address') ip.push(value);
  }
  return { dns, ip };
}

/** Parse a PEM bundle (the value of tls.crt after base64 decoding); the first certificate is the leaf. */
export function parsePemBundle(pem: string): CertParse {
  const blocks = pem.match(PEM_BLOCK);
  if (!blocks || blocks.length === 0) return { ok: false, error: 'tls.crt holds no PEM CERTIFICATE block' };
  let x: X509Certificate;
  try {
    x = new X509Certificate(blocks[0]!);
  } catch (e) {
    return { ok: false, error: `tls.crt: the first certificate does not parse (${(e as Error).message.split('\n')[0]})` };
  }
  const notBefore = parseOpenSslTime(x.validFrom);
  const notAfter = parseOpenSslTime(x.validTo);
  if (notBefore === undefined || notAfter === undefined) return { ok: false, error: 'tls.crt: unreadable validity dates' };
  const subject = oneLineName(x.subject);
  const cn = x.subject
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.startsWith('CN='));
  const alt = splitAltNames(x.subjectAltName);
  return {
    ok: true,
    cert: {
      commonName: cn ? cn.slice(3) : undefined,
      subject,
      issuer: oneLineName(x.issuer),
      dnsNames: alt.dns,
      ipAddresses: alt.ip,
      notBefore,
      notAfter,
      serialNumber: x.serialNumber,
      chainLength: blocks.length,
      selfSigned: x.subject === x.issuer,
    },
  };
}

/** Decode a Secret's base64 `tls.crt` and parse its leaf certificate. */
export function parseTlsCrt(b64: string | undefined): CertParse {
  if (b64 === undefined || b64 === null || b64 === '') return { ok: false, error: 'the Secret has no tls.crt' };
  if (typeof b64 !== 'string' || !/^[A-Za-z0-9+/=\s]*$/.test(b64)) return { ok: false, error: 'tls.crt is not base64' };
  const pem = Buffer.from(b64, 'base64').toString('utf8');
  return parsePemBundle(pem);
}

/** The Secret's leaf certificate, cached per store version. */
export function secretCert(store: ClusterStore, secret: K8sObject): CertParse {
  const key = `tls/cert/${secret.metadata.namespace}/${secret.metadata.name}`;
  return store.memo(key, () => parseTlsCrt(secret.data?.['tls.crt']));
}

/** Whole days left until notAfter at `now` (negative once expired). */
export function daysLeft(cert: CertInfo, now: number): number {
  return Math.floor((cert.notAfter - now) / 86_400_000);
}

export type CertValidity = 'ok' | 'expiring' | 'expired' | 'not-yet-valid';

/** Certificates expiring in fewer than this many days are flagged (ingress/tls-cert-expiring). */
export const EXPIRING_DAYS = 21;

export function certValidity(cert: CertInfo, now: number): CertValidity {
  if (now >= cert.notAfter) return 'expired';
  if (now < cert.notBefore) return 'not-yet-valid';
  if (cert.notAfter - now < EXPIRING_DAYS * 86_400_000) return 'expiring';
  return 'ok';
}

/**
 * Does one certificate name match a host? TLS clients' rules (RFC 6125): case
 * is ignored, and a wildcard stands for exactly one whole left-most label, so
 * `*.example.com` covers `a.example.com` but not `example.com` nor
 * `a.b.example.com`. A host written as a wildcard is covered only by the same
 * wildcard.
 */
export function nameCoversHost(name: string, host: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '');
  const h = host.toLowerCase().replace(/\.$/, '');
  if (!n || !h) return false;
  if (n === h) return true;
  if (!n.startsWith('*.')) return false;
  const rest = n.slice(1); // ".example.com"
  if (!h.endsWith(rest)) return false;
  const label = h.slice(0, h.length - rest.length);
  return label.length > 0 && !label.includes('.') && label !== '*';
}

/**
 * Is the host covered by the certificate's subjectAltName DNS names? The
 * subject CN is ignored when SANs are present, and modern clients (Go since
 * 1.15, browsers) ignore it entirely, so only SANs count.
 */
export function certCoversHost(cert: CertInfo, host: string): boolean {
  return cert.dnsNames.some((n) => nameCoversHost(n, host));
}
