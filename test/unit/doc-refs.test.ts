// Every check's `doc` names the passage of the design notes it comes from in
// one format a reader can follow to the text:
//
//   <Part> › <heading> [› <sub-heading>] [› <bullet label>]
//
// <Part> is the subject of one of the notes' parts (StatefulSet, Job/CronJob,
// Service, LoadBalancer, Ingress); each following fragment is the exact text of
// a heading (`### **2. 核心特性**`) or of a bold bullet label (`- **探针配置**`)
// inside that part, with the Markdown markers (`**`, backquotes) left out, in
// the order they appear. A check with no design-notes source has no doc.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { catalog } from '../../diagnostics/catalog.js';
import { runDiagnostics } from '../../diagnostics/engine.js';
import { openSnapshot } from '../../src/cluster/snapshot.js';

// Run from the repository root (as npm test does); CI has shared/ beside the clone.
const SEEDS = path.resolve('..', 'shared', 'seeds', '000_a8b3fb1c8c7c14c3.txt');
const notes = readFileSync(SEEDS, 'utf8').split('\n');

/** Each part opens with a paragraph whose subject is in bold; the label is what a doc starts with. */
const PARTS: Record<string, string[]> = {
  StatefulSet: ['**StatefulSet**'],
  'Job/CronJob': ['**Job**', '**CronJob**'],
  Service: ['**Service**'],
  LoadBalancer: ['**LoadBalancer**'],
  Ingress: ['**Ingress**'],
};
const SEP = ' › ';
const FORMAT = new RegExp(`^(${Object.keys(PARTS).map((p) => p.replace('/', '\\/')).join('|')})( › [^›\\s][^›]*[^›\\s])+$`);

const plain = (s: string) => s.replace(/\*\*|`/g, '').trim();
/** A heading's or a bold bullet label's text, or undefined for any other line. */
function anchorText(line: string): string | undefined {
  const h = /^#{2,4}\s+(.+)$/.exec(line);
  if (h) return plain(h[1]!);
  const b = /^\s*[-*]\s+\*\*(.+?)\*\*/.exec(line);
  if (b) return plain(b[1]!);
  return undefined;
}
/** Where each part starts: its opening paragraph (not a heading, list item or table row). */
function partStarts(): { part: string; line: number }[] {
  const out: { part: string; line: number }[] = [];
  for (const [part, subjects] of Object.entries(PARTS)) {
    const i = notes.findIndex((l) => !/^\s*([-*#|]|\d+\.)/.test(l) && subjects.every((s) => l.includes(s)));
    assert.ok(i >= 0, `the design notes have a part about ${part}`);
    out.push({ part, line: i });
  }
  return out.sort((a, b) => a.line - b.line);
}

/** Resolves a doc to the line numbers of its fragments, or says which fragment is not found. */
function locate(doc: string): { lines: number[] } | { missing: string } {
  const [part, ...fragments] = doc.split(SEP);
  const starts = partStarts();
  const k = starts.findIndex((s) => s.part === part);
  const end = starts[k + 1]?.line ?? notes.length;
  let at = starts[k]!.line;
  const lines: number[] = [];
  for (const frag of fragments) {
    let found = -1;
    for (let i = at + 1; i < end; i++) {
      if (anchorText(notes[i]!) === frag) {
        found = i;
        break;
      }
    }
    if (found < 0) return { missing: frag };
    lines.push(found);
    at = found;
  }
  return { lines };
}

test('every catalog doc is absent or "<Part> › <heading> › …", and each fragment is a heading or bullet of that part of the design notes, in order', () => {
  let withDoc = 0;
  for (const c of catalog()) {
    if (c.doc === undefined || c.doc === null) continue;
    withDoc++;
    assert.match(c.doc, FORMAT, `${c.id}: doc "${c.doc}" is not in the "<Part> › <heading> › …" format`);
    const r = locate(c.doc);
    assert.ok('lines' in r, `${c.id}: "${'missing' in r ? r.missing : ''}" is not a heading or bullet label in the ${c.doc.split(SEP)[0]} part of the design notes, after the fragments before it`);
  }
  assert.ok(withDoc >= 40, `${withDoc} checks name a design-notes passage`);
});

test('checks with no design-notes source keep no doc (nothing is invented)', () => {
  const byId = new Map(catalog().map((c) => [c.id, c]));
  for (const id of ['pod/crash-loop', 'pod/unschedulable', 'pod/image-pull-failing', 'access/partial']) {
    assert.ok(byId.has(id), `${id} is in the catalog`);
    assert.equal(byId.get(id)!.doc ?? null, null, `${id} has no design-notes source`);
  }
});

test('the locator tells a real passage from a made-up or misplaced one', () => {
  // A real passage resolves to the heading, then the bullet below it.
  const ok = locate('StatefulSet › 4. 依赖与配置 › 探针配置');
  assert.ok('lines' in ok);
  assert.match(notes[ok.lines[0]!]!, /4\. 依赖与配置/);
  assert.match(notes[ok.lines[1]!]!, /探针配置/);
  // Backquotes in a heading are left out of the fragment.
  assert.ok('lines' in locate('LoadBalancer › 4. 高级配置选项 › (1) 外部流量策略（externalTrafficPolicy）'));
  // A heading of another part, a fragment out of order, an invented or paraphrased one: not found.
  assert.deepEqual(locate('Ingress › 4. 依赖与配置'), { missing: '4. 依赖与配置' });
  assert.deepEqual(locate('StatefulSet › 5. 注意事项 › 探针配置'), { missing: '探针配置' });
  assert.deepEqual(locate('Job/CronJob › 4. 注意事项 › 重试策略'), { missing: '重试策略' });
  assert.deepEqual(locate('Service › 3. 关键机制 › 标签选择器'), { missing: '标签选择器' });
  // The old "§ N title (bullet)" style does not pass the format.
  assert.doesNotMatch('StatefulSet § 4 依赖与配置 (Headless Service)', FORMAT);
  assert.doesNotMatch('Deployment › 1. 概述', FORMAT);
});

test("every finding on the demo carries its check's catalog doc (the same reference in the TUI, the JSON and the README)", async () => {
  const { store } = await openSnapshot(path.resolve('examples', 'demo-cluster'), 'demo');
  const report = runDiagnostics(store, { now: Date.parse('2026-11-20T10:30:00Z') });
  const docOf = new Map(catalog().map((c) => [c.id, c.doc ?? null]));
  assert.ok(report.findings.length > 40);
  for (const f of report.findings) assert.equal(f.doc ?? null, docOf.get(f.check), `${f.check} on ${f.object.namespace}/${f.object.name}`);
  assert.ok(report.findings.some((f) => f.doc === 'StatefulSet › 4. 依赖与配置 › Headless Service'));
});
