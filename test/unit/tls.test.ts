// Certificates from kubernetes.io/tls Secrets: real certificates made at run
// time, parsed with node:crypto's X509Certificate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { certCoversHost, certValidity, daysLeft, nameCoversHost, parseOpenSslTime, parsePemBundle, parseTlsCrt } from '../../src/model/tls.js';
import { makeCertPem } from '../fixtures/ingress/certs.js';
import { DAY, NOW } from '../fixtures/service/build.js';

function b64(s: string): string {
  return Buffer.from(s).toString('base64');
}

test('a leaf certificate: CN, SANs, validity, days left', () => {
  const pem = makeCertPem({ cn: 'shop.example.com', dns: ['shop.example.com', '*.shop.example.com'], notBefore: NOW - 60 * DAY, notAfter: NOW + 30 * DAY + 3600_000, org: 'Example Shop' });
  const r = parseTlsCrt(b64(pem));
  assert.ok(r.ok, !r.ok ? r.error : '');
  const c = r.cert;
  assert.equal(c.commonName, 'shop.example.com');
  assert.equal(c.subject, 'O=Example Shop, CN=shop.example.com');
  assert.deepEqual(c.dnsNames, ['shop.example.com', '*.shop.example.com']);
  assert.equal(c.notAfter, Math.floor((NOW + 30 * DAY + 3600_000) / 1000) * 1000);
  assert.equal(c.notBefore, NOW - 60 * DAY);
  assert.equal(daysLeft(c, NOW), 30);
  assert.equal(certValidity(c, NOW), 'ok');
  assert.equal(c.chainLength, 1);
  assert.equal(c.selfSigned, true);
});

test('a chain: the first certificate (the leaf) is the one served', () => {
  const leaf = makeCertPem({ cn: 'api.example.com', dns: ['api.example.com'], notBefore: NOW - DAY, notAfter: NOW + 10 * DAY, issuer: 'Example Intermediate CA' });
  const ca = makeCertPem({ cn: 'Example Intermediate CA', notBefore: NOW - 400 * DAY, notAfter: NOW + 400 * DAY, serial: 99n });
  const r = parsePemBundle(leaf + ca);
  assert.ok(r.ok);
  assert.equal(r.cert.commonName, 'api.example.com');
  assert.equal(r.cert.chainLength, 2);
  assert.equal(r.cert.selfSigned, false);
  assert.equal(r.cert.issuer, 'CN=Example Intermediate CA');
  assert.equal(certValidity(r.cert, NOW), 'expiring', '10 days left is under 21');
});

test('expired, not yet valid, and the 21-day boundary', () => {
  const parse = (nb: number, na: number) => {
    const r = parsePemBundle(makeCertPem({ cn: 'x.example.com', dns: ['x.example.com'], notBefore: nb, notAfter: na }));
    assert.ok(r.ok);
    return r.cert;
  };
  const expired = parse(NOW - 400 * DAY, NOW - 3 * DAY);
  assert.equal(certValidity(expired, NOW), 'expired');
  assert.equal(daysLeft(expired, NOW), -3);
  assert.equal(certValidity(parse(NOW + DAY, NOW + 90 * DAY), NOW), 'not-yet-valid');
  assert.equal(certValidity(parse(NOW - DAY, NOW + 21 * DAY - 1000), NOW), 'expiring');
  assert.equal(certValidity(parse(NOW - DAY, NOW + 21 * DAY), NOW), 'ok');
  // A validity beyond 2049 is written as GeneralizedTime.
  const far = parse(NOW - DAY, Date.parse('2051-01-01T00:00:00Z'));
  assert.equal(far.notAfter, Date.parse('2051-01-01T00:00:00Z'));
});

test('wildcards cover exactly one label; case and a trailing dot are ignored', () => {
  assert.equal(nameCoversHost('*.example.com', 'a.example.com'), true);
  assert.equal(nameCoversHost('*.example.com', 'A.Example.COM'), true);
  assert.equal(nameCoversHost('*.example.com', 'example.com'), false);
  assert.equal(nameCoversHost('*.example.com', 'a.b.example.com'), false);
  assert.equal(nameCoversHost('*.example.com', '*.example.com'), true, 'a wildcard Ingress host is covered by the same wildcard');
  assert.equal(nameCoversHost('a.example.com', '*.example.com'), false);
  assert.equal(nameCoversHost('example.com', 'example.com.'), true);
  assert.equal(nameCoversHost('*.example.com', 'aexample.com'), false);
  const r = parsePemBundle(makeCertPem({ cn: 'example.com', dns: ['*.example.com'], notBefore: NOW - DAY, notAfter: NOW + 90 * DAY }));
  assert.ok(r.ok);
  assert.equal(certCoversHost(r.cert, 'www.example.com'), true);
  assert.equal(certCoversHost(r.cert, 'example.com'), false, 'the CN is not used when matching hosts');
});

test('no SAN extension: no DNS names, so no host is covered', () => {
  const r = parsePemBundle(makeCertPem({ cn: 'legacy.example.com', notBefore: NOW - DAY, notAfter: NOW + 90 * DAY }));
  assert.ok(r.ok);
  assert.deepEqual(r.cert.dnsNames, []);
  assert.equal(certCoversHost(r.cert, 'legacy.example.com'), false);
});

test('unparseable tls.crt values say why', () => {
  assert.deepEqual(parseTlsCrt(undefined), { ok: false, error: 'the Secret has no tls.crt' });
  assert.deepEqual(parseTlsCrt('%%%'), { ok: false, error: 'tls.crt is not base64' });
  assert.deepEqual(parseTlsCrt(b64('just text')), { ok: false, error: 'tls.crt holds no PEM CERTIFICATE block' });
  const bad = parseTlsCrt(b64('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'));
  assert.equal(bad.ok, false);
  assert.match(!bad.ok ? bad.error : '', /the first certificate does not parse/);
});

test('OpenSSL time strings', () => {
  assert.equal(parseOpenSslTime('Jan  1 00:00:00 2025 GMT'), Date.UTC(2025, 0, 1));
  assert.equal(parseOpenSslTime('Dec 31 23:59:59 2049 GMT'), Date.UTC(2049, 11, 31, 23, 59, 59));
});

test('a certificate made by the openssl CLI parses the same way (when openssl is installed)', (t) => {
  let dir: string | undefined;
  try {
    dir = mkdtempSync(path.join(tmpdir(), 'k8stui-tls-'));
    const crt = path.join(dir, 'tls.crt');
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', path.join(dir, 'tls.key'), '-out', crt, '-days', '30', '-subj', '/CN=shop.example.com', '-addext', 'subjectAltName=DNS:shop.example.com,DNS:www.shop.example.com'], { stdio: 'ignore' });
    } catch {
      t.diagnostic('openssl not available: the node:crypto certificates above cover parsing');
      return;
    }
    const r = parseTlsCrt(readFileSync(crt).toString('base64'));
    assert.ok(r.ok);
    assert.equal(r.cert.commonName, 'shop.example.com');
    assert.deepEqual(r.cert.dnsNames, ['shop.example.com', 'www.shop.example.com']);
    const left = daysLeft(r.cert, Date.now());
    assert.ok(left === 29 || left === 30, `days left ${left}`);
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
});
