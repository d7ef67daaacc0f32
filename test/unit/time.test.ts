// One absolute-time format everywhere: date, time to the second, and the zone
// by name (UTC, or a CronJob's zone by abbreviation and IANA name).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { absTime, age, wallTime, zoneName } from '../../src/model/time.js';
import { loadLocation, type Zone } from '../../src/model/cron.js';

function zone(name: string): Zone {
  const r = loadLocation(name);
  assert.ok(r.ok, name);
  return r.zone;
}

test('absTime: UTC by name, seconds always, from a string or a number', () => {
  assert.equal(absTime('2026-11-25T19:49:15Z'), '2026-11-25 19:49:15 UTC');
  assert.equal(absTime(Date.parse('2026-03-10T10:00:00.250Z')), '2026-03-10 10:00:00 UTC');
  // An offset in the API's timestamp is converted, not copied.
  assert.equal(absTime('2026-03-10T12:00:00+02:00'), '2026-03-10 10:00:00 UTC');
  assert.equal(absTime(undefined), '-');
  assert.equal(absTime(null), '-');
  assert.equal(absTime('not a time'), '-');
  assert.equal(absTime(Number.NaN), '-');
});

test("absTime with a CronJob's zone: wall time there, its abbreviation and its IANA name", () => {
  const ny = zone('America/New_York');
  // The US spring-forward day: 06:00Z is 01:00 EST, 07:00Z is 03:00 EDT.
  assert.equal(absTime(Date.parse('2026-03-08T06:00:00Z'), ny), '2026-03-08 01:00:00 EST (America/New_York)');
  assert.equal(absTime(Date.parse('2026-03-08T07:00:00Z'), ny), '2026-03-08 03:00:00 EDT (America/New_York)');
  // European zones have their letter names too (Node's ICU names them in en-GB, not en-US), as Go's tzdata does.
  const berlin = zone('Europe/Berlin');
  assert.equal(absTime('2026-03-11T01:00:00Z', berlin), '2026-03-11 02:00:00 CET (Europe/Berlin)');
  assert.equal(absTime('2026-07-01T00:00:00Z', berlin), '2026-07-01 02:00:00 CEST (Europe/Berlin)');
  assert.equal(absTime('2026-07-01T00:00:00Z', zone('Europe/London')), '2026-07-01 01:00:00 BST (Europe/London)');
  // Where the runtime has no letter abbreviation for a zone, its offset at that instant stands in.
  assert.equal(absTime('2026-03-11T01:00:00Z', zone('Asia/Tokyo')), '2026-03-11 10:00:00 +09:00 (Asia/Tokyo)');
  assert.match(absTime('2026-03-11T01:00:00Z', zone('Asia/Kolkata')), /^2026-03-11 06:30:00 (IST|\+05:30) \(Asia\/Kolkata\)$/);
  // UTC given as a zone is still plain UTC.
  assert.equal(absTime('2026-03-11T01:00:00Z', zone('UTC')), '2026-03-11 01:00:00 UTC');
});

test('wallTime: the same format without the IANA name (tables name it in the header)', () => {
  assert.equal(wallTime(Date.parse('2026-03-11T07:00:00Z'), zone('America/Los_Angeles')), '2026-03-11 00:00:00 PDT');
  assert.equal(wallTime(Date.parse('2026-03-11T01:00:00Z')), '2026-03-11 01:00:00 UTC');
  assert.equal(zoneName(zone('Europe/Berlin')), 'Europe/Berlin');
  assert.equal(zoneName(undefined), 'UTC');
});

test('relative ages stay kubectl style', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  assert.equal(age('2026-03-10T11:58:30Z', now), '90s');
  assert.equal(age('2026-03-07T12:00:00Z', now), '3d');
  assert.equal(age(undefined, now), '<unknown>');
});
