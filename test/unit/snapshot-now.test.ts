// Snapshots without a capture time (issue 11): a plain `kubectl get -o yaml`
// capture is evaluated at its newest observed timestamp, not at the clock;
// the report says so, and --now overrides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { chooseEvaluationTime, newestTimestamp, openSnapshot } from '../../src/cluster/snapshot.js';
import type { K8sObject } from '../../src/model/types.js';
import { missedRuns, onTime } from '../fixtures/cronjob/scenarios.js';
import { NOW, SEC } from '../fixtures/job/build.js';

/** A Node as the kubelet keeps it: its conditions' heartbeats are the newest timestamps of a live cluster. */
function node(name: string, heartbeat: number): K8sObject {
  const hb = new Date(heartbeat).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const cond = (type: string, status: string, reason: string, message: string) => ({ type, status, lastHeartbeatTime: hb, lastTransitionTime: '2026-02-01T08:00:00Z', reason, message });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `5f0c2d3e-${name.length}a1b-4c2d-8e3f-1a2b3c4d5e6f`, creationTimestamp: '2026-02-01T07:58:12Z', labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' } },
    spec: { podCIDR: '10.244.1.0/24' },
    status: {
      conditions: [
        cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      nodeInfo: { kubeletVersion: 'v1.34.4', osImage: 'Ubuntu 24.04.1 LTS', containerRuntimeVersion: 'containerd://1.7.24' },
    },
  };
}

/** `kubectl get nodes,cronjobs,jobs -A -o yaml`: one v1 List, no SnapshotInfo, so no capture time. */
function kubectlCapture(objs: K8sObject[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'k8stui-nocapture-'));
  const file = path.join(dir, 'cluster.yaml');
  writeFileSync(file, stringify({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: objs }));
  return file;
}

const HEARTBEAT = NOW + 40 * SEC;

function diagnose(file: string, extra: string[] = []) {
  const r = spawnSync(process.execPath, [path.resolve('bin/k8stui.js'), 'diagnose', '--snapshot', file, '-o', 'json', '--fail-on', 'never', ...extra], {
    encoding: 'utf8',
    env: { ...process.env, HOME: mkdtempSync(path.join(os.tmpdir(), 'k8stui-home-')), NO_COLOR: '1' },
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

test('the newest observed timestamp: heartbeats, events, status times, managedFields; never a deletion deadline', () => {
  const objs = [...onTime(), node('node-a', HEARTBEAT)];
  const n = newestTimestamp(objs)!;
  assert.equal(n.iso, new Date(HEARTBEAT).toISOString());
  assert.equal(n.from, 'lastHeartbeatTime of Node node-a');
  // A deletionTimestamp lies in the future (now + grace period): not an observation.
  const terminating = structuredClone(objs[0]!);
  terminating.metadata.deletionTimestamp = new Date(NOW + 30 * SEC).toISOString();
  assert.equal(newestTimestamp([...objs, terminating])!.time, HEARTBEAT);
  // A managedFields entry's time counts (what an apiserver write records).
  const written = structuredClone(objs[0]!);
  written.metadata.managedFields = [{ manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'batch/v1', time: new Date(NOW + 50 * SEC).toISOString(), subresource: 'status' }];
  assert.deepEqual(newestTimestamp([...objs, written])!.from, `managedFields time of CronJob shop/${objs[0]!.metadata.name}`);
  assert.equal(newestTimestamp([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } }]), undefined);
  // An events.k8s.io-style MicroTime (fraction) and a time with an offset are compared by value, not as text.
  const micro: K8sObject = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'web-0.182a', namespace: 'shop' }, eventTime: '2026-03-10T12:00:40.500000Z', reportingComponent: 'kubelet' };
  assert.equal(newestTimestamp([...objs, micro])!.iso, '2026-03-10T12:00:40.500Z');
  const offset: K8sObject = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'web-0.182b', namespace: 'shop' }, lastTimestamp: '2026-03-10T13:00:41+01:00' };
  assert.equal(newestTimestamp([...objs, offset])!.iso, '2026-03-10T12:00:41.000Z');
  // A spec is what was asked, not what happened: not read.
  const future: K8sObject = { ...structuredClone(objs[0]!), spec: { startTime: '2027-01-01T00:00:00Z' } };
  assert.equal(newestTimestamp([...objs, future])!.time, HEARTBEAT);
});

test('choosing the time: --now, else the capture time, else the newest timestamp, else the clock', () => {
  const newest = { time: HEARTBEAT, iso: new Date(HEARTBEAT).toISOString(), from: 'lastHeartbeatTime of Node node-a' };
  assert.deepEqual(chooseEvaluationTime({ now: '2026-03-11T00:00:00Z', capturedAt: '2026-03-10T12:00:00Z', newest }), { now: Date.parse('2026-03-11T00:00:00Z'), source: 'flag' });
  assert.deepEqual(chooseEvaluationTime({ capturedAt: '2026-03-10T12:00:00Z', newest }), { now: NOW, source: 'captured' });
  assert.deepEqual(chooseEvaluationTime({ newest }), { now: HEARTBEAT, source: 'inferred', from: 'lastHeartbeatTime of Node node-a' });
  assert.deepEqual(chooseEvaluationTime({ clock: () => 42 }), { now: 42, source: 'clock' });
});

test('issue 11: a healthy hourly CronJob in a kubectl capture without capture time has no missed runs, whenever it is read; the report says how the time was chosen', async () => {
  const file = kubectlCapture([...onTime(), node('node-a', HEARTBEAT)]);
  const { result } = await openSnapshot(file, 'snapshot');
  assert.equal(result.info, undefined, 'no SnapshotInfo: no capture time');
  const r = diagnose(file);
  assert.equal(r.evaluatedAt, new Date(HEARTBEAT).toISOString());
  assert.equal(r.source.nowSource, 'inferred');
  assert.equal(r.source.nowFrom, 'lastHeartbeatTime of Node node-a');
  assert.deepEqual(r.findings.filter((f: { check: string }) => f.check.startsWith('cronjob/')).map((f: { check: string }) => f.check).filter((c: string) => c !== 'cronjob/timezone-unset'), []);
  // What the clock would have said (the bug): months later, every hour since looks missed.
  const atClock = diagnose(file, ['--now', new Date().toISOString()]);
  assert.equal(atClock.source.nowSource, 'flag');
  assert.ok(atClock.findings.some((f: { check: string }) => f.check === 'cronjob/missed-runs' || f.check === 'cronjob/too-many-missed'), 'evaluated at the clock, the same capture raises missed runs');
  // The text report says it was inferred and how to override it.
  const t = spawnSync(process.execPath, [path.resolve('bin/k8stui.js'), 'diagnose', '--snapshot', file, '--fail-on', 'never'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.match(t.stdout.split('\n')[0]!, /evaluated at 2026-03-10T12:00:40\.000Z, inferred: the snapshot records no capture time, so its newest timestamp \(lastHeartbeatTime of Node node-a\) stands for it; --now sets it$/);
});

test('issue 11, the problem twin: a CronJob that really stopped still has its missed runs at the inferred time', () => {
  const file = kubectlCapture([...missedRuns(), node('node-a', HEARTBEAT)]);
  const r = diagnose(file);
  assert.equal(r.source.nowSource, 'inferred');
  const missed = r.findings.find((f: { check: string }) => f.check === 'cronjob/missed-runs');
  assert.ok(missed, JSON.stringify(r.findings.map((f: { check: string }) => f.check)));
  // 08:00 .. 11:00 (12:00 is within the grace period at 12:00:40): counted at the inferred time, not the clock.
  assert.match(missed.message, /^4 scheduled runs since lastScheduleTime 2026-03-10[T ]07:00:00/, missed.message);
});

test('a snapshot with a capture time is evaluated at it, and says so', () => {
  const r = diagnose(path.resolve('examples', 'demo-cluster'));
  assert.equal(r.source.nowSource, 'captured');
  assert.equal(r.evaluatedAt, '2026-11-20T10:30:00.000Z');
  assert.equal(r.source.nowFrom, undefined);
});
