import { test } from 'node:test';
import assert from 'node:assert/strict';
import { humanDuration, age, evaluationTime } from '../../src/model/time.js';
import { matchesMap, matchesSelector, parseSelector } from '../../src/model/labels.js';
import { podSummary, podStateText, probeInfo } from '../../src/model/pod.js';
import type { Pod } from '../../src/model/types.js';

test('ages read like kubectl', () => {
  const s = 1000;
  assert.equal(humanDuration(59 * s), '59s');
  assert.equal(humanDuration(119 * s), '119s');
  assert.equal(humanDuration(150 * s), '2m30s');
  assert.equal(humanDuration(10 * 60 * s), '10m');
  assert.equal(humanDuration(3 * 3600 * s + 5 * 60 * s), '3h5m');
  assert.equal(humanDuration(30 * 3600 * s), '30h');
  assert.equal(humanDuration(3 * 86400 * s + 4 * 3600 * s), '3d4h');
  assert.equal(humanDuration(400 * 86400 * s), '400d');
  assert.equal(age('2026-11-20T10:00:00Z', Date.parse('2026-11-20T10:30:00Z')), '30m');
  assert.equal(age(undefined, 0), '<unknown>');
});

test('evaluation time: --now, then capture time, then the clock', () => {
  assert.equal(evaluationTime({ now: '2026-01-01T00:00:00Z', capturedAt: '2025-01-01T00:00:00Z' }), Date.parse('2026-01-01T00:00:00Z'));
  assert.equal(evaluationTime({ capturedAt: '2025-01-01T00:00:00Z' }), Date.parse('2025-01-01T00:00:00Z'));
  const t = evaluationTime({});
  assert.ok(Math.abs(t - Date.now()) < 1000);
});

test('selectors match like the API server', () => {
  assert.equal(matchesMap({ app: 'nginx' }, { app: 'nginx', tier: 'web' }), true);
  assert.equal(matchesMap({ app: 'nginx', tier: 'db' }, { app: 'nginx', tier: 'web' }), false);
  assert.equal(matchesMap({}, { app: 'x' }), false, 'an empty Service selector selects nothing');
  assert.equal(matchesSelector({}, { a: 'b' }), true, 'an empty LabelSelector selects everything');
  assert.equal(matchesSelector(null, { a: 'b' }), false);
  const sel = parseSelector('app=nginx,tier!=db,env in (prod, stage),!legacy,team');
  assert.equal(matchesSelector(sel, { app: 'nginx', tier: 'web', env: 'prod', team: 'x' }), true);
  assert.equal(matchesSelector(sel, { app: 'nginx', tier: 'db', env: 'prod', team: 'x' }), false);
  assert.equal(matchesSelector(sel, { app: 'nginx', env: 'dev', team: 'x' }), false);
  assert.equal(matchesSelector(sel, { app: 'nginx', env: 'prod', team: 'x', legacy: 'y' }), false);
  assert.equal(matchesSelector(sel, { app: 'nginx', env: 'prod' }), false);
  assert.throws(() => parseSelector('a in (x'), /invalid label selector/);
});

function pod(status: Pod['status'], extra: Partial<Pod['metadata']> = {}): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns', ...extra }, spec: { containers: [{ name: 'c' }] }, status };
}

test('pod STATUS uses kubectl wording', () => {
  assert.equal(podSummary(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'c', ready: true, restartCount: 0, state: { running: {} } }] })).status, 'Running');
  const crash = podSummary(pod({ phase: 'Running', containerStatuses: [{ name: 'c', ready: false, restartCount: 5, state: { waiting: { reason: 'CrashLoopBackOff' } } }] }));
  assert.equal(crash.status, 'CrashLoopBackOff');
  assert.equal(crash.restarts, 5);
  assert.equal(podSummary(pod({ phase: 'Succeeded', containerStatuses: [{ name: 'c', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] })).status, 'Completed');
  assert.equal(podSummary(pod({ phase: 'Failed', containerStatuses: [{ name: 'c', ready: false, restartCount: 0, state: { terminated: { exitCode: 2 } } }] })).status, 'ExitCode:2');
  assert.equal(podSummary(pod({ phase: 'Running' }, { deletionTimestamp: '2026-01-01T00:00:00Z' })).status, 'Terminating');
  const unsched = pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available' }] });
  assert.equal(podStateText(unsched), 'Pending (Unschedulable)');
  const init = pod({ phase: 'Pending', initContainerStatuses: [{ name: 'i', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }] });
  init.spec.initContainers = [{ name: 'i' }];
  assert.equal(podSummary(init).status, 'Init:0/1');
  assert.equal(podStateText(pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: [{ name: 'c', ready: false, restartCount: 0, state: { running: {} } }] })), 'Running, not ready');
});

test('probe ports resolve by name against the container', () => {
  const c = { name: 'web', ports: [{ name: 'http', containerPort: 8080 }] };
  assert.equal(probeInfo(c, 'readiness', { httpGet: { path: '/healthz', port: 'http' } }).resolvedPort, 8080);
  const bad = probeInfo(c, 'liveness', { tcpSocket: { port: 'metrics' } });
  assert.equal(bad.unresolved, true);
  assert.equal(probeInfo(c, 'readiness', { exec: { command: ['true'] } }).unresolved, false);
});
