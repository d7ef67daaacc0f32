// Line screens without Ink: wrap, sideways scroll, lines that always wrap,
// and the detail cursor that stops on lines standing for an object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineLayout, findCursor, moveCursor } from '../../src/app/lines.js';
import type { Line } from '../../views/types.js';
import { line, lineText, withRef, wrapped } from '../../views/widgets/text.js';

const text = (rows: { segs: { text: string }[] }[]) => rows.map((r) => r.segs.map((s) => s.text).join(''));

test('unwrapped: one row per line, cut with an ellipsis; sideways scroll shows the rest', () => {
  const lines = [line('short'), line('0123456789abcdefghij')];
  const l0 = new LineLayout(lines, 10, false, 0);
  assert.equal(l0.rows, 2);
  assert.deepEqual(text(l0.slice(0, 5)), ['short', '012345678…']);
  const l1 = new LineLayout(lines, 10, false, 10);
  assert.deepEqual(text(l1.slice(0, 5)), ['', 'abcdefghij'], 'scrolled 10 columns');
  const l2 = new LineLayout(lines, 10, false, 5);
  assert.deepEqual(text(l2.slice(0, 5)), ['', '56789abcd…'], 'more to the right: marked');
  assert.equal(l0.maxWidth(), 20);
});

test('wrapped: a long line takes as many rows as it needs; offsets are rows', () => {
  const lines = [line('a'), line('x'.repeat(25)), line('b')];
  const l = new LineLayout(lines, 10, true, 0);
  assert.equal(l.rows, 5);
  assert.deepEqual(text(l.slice(0, 9)), ['a', 'xxxxxxxxxx', 'xxxxxxxxxx', 'xxxxx', 'b']);
  assert.equal(l.rowOf(2), 4);
  assert.equal(l.lineAt(3), 1);
  assert.deepEqual(text(l.slice(2, 2)), ['xxxxxxxxxx', 'xxxxx'], 'a window can start inside a wrapped line');
});

test('lines marked wrap (commands to copy) always wrap and are never cut, even unwrapped or scrolled', () => {
  const cmd = 'kubectl get secret admin-tls -n shop -o yaml';
  const lines = [line('x'.repeat(30)), wrapped(line(cmd))];
  for (const hscroll of [0, 10]) {
    const l = new LineLayout(lines, 20, false, hscroll);
    const shown = text(l.slice(0, 10));
    assert.equal(shown.slice(1).join(''), cmd, `the command in full (hscroll ${hscroll})`);
    assert.ok(shown.every((r) => r.length <= 20));
  }
});

test('wide characters wrap at their display width', () => {
  const l = new LineLayout([line('名前空間がありません')], 7, true, 0);
  const rows = text(l.slice(0, 5));
  assert.deepEqual(rows, ['名前空', '間があ', 'りませ', 'ん']);
});

function detail(): Line[] {
  const out: Line[] = [line('StatefulSet shop/web'), line(''), line('Ordinals')];
  for (let i = 0; i < 3; i++) out.push(withRef(line(`  web-${i}  Running`), { kind: 'Pod', namespace: 'shop', name: `web-${i}` }));
  for (let i = 0; i < 20; i++) out.push(line(`  note ${i}`));
  out.push(withRef(line('  job/backup-1'), { kind: 'Job', namespace: 'shop', name: 'backup-1' }));
  return out;
}

test('no line is selected at first; j selects the first object line on screen, then moves between object lines', () => {
  const lines = detail();
  const l = new LineLayout(lines, 40, false, 0);
  const c0 = moveCursor(l, undefined, 0, 10, 1).cursor;
  assert.equal(lineText(lines[c0!]!), '  web-0  Running');
  let m = moveCursor(l, c0, 0, 10, 1);
  assert.equal(m.cursor, 4);
  m = moveCursor(l, m.cursor, m.offset, 10, 1);
  assert.equal(m.cursor, 5);
  m = moveCursor(l, m.cursor, m.offset, 10, -1);
  assert.equal(m.cursor, 4);
});

test('lines without an object scroll past: the screen moves a row at a time toward the next object line, readable', () => {
  const lines = detail();
  const l = new LineLayout(lines, 40, false, 0);
  const job = lines.findIndex((x) => x.ref?.kind === 'Job');
  let m = { cursor: 5 as number | undefined, offset: 0 };
  const seen: number[] = [];
  for (let i = 0; i < 40 && m.cursor !== job; i++) {
    m = moveCursor(l, m.cursor, m.offset, 10, 1);
    seen.push(m.offset);
  }
  assert.equal(m.cursor, job, 'reached the Job line');
  assert.equal(lines[m.cursor!]!.ref!.name, 'backup-1');
  assert.ok(seen.every((o, i) => i === 0 || o - seen[i - 1]! <= 1), 'never skipped more than one row per key');
  assert.ok(l.rowOf(job) >= m.offset && l.rowOf(job) < m.offset + 10, 'the selected line is on screen');
  const back = moveCursor(l, m.cursor, m.offset, 10, 1);
  assert.equal(back.cursor, job, 'at the end it stays');
});

test('without object lines j/k do not select anything', () => {
  const lines = [line('a'), line('b'), line('c')];
  const l = new LineLayout(lines, 40, false, 0);
  assert.equal(moveCursor(l, undefined, 0, 10, 1).cursor, undefined);
});

test('the cursor follows its object when lines move (a refresh added lines above)', () => {
  const lines = detail();
  const moved = [line('Problems (1)'), line('  ERROR …'), ...lines];
  assert.equal(findCursor(moved, 4, { kind: 'Pod', namespace: 'shop', name: 'web-1' }), 6);
  assert.equal(findCursor(moved, 4, { kind: 'Pod', namespace: 'shop', name: 'gone' }), undefined);
});

test('wrapping breaks after a space near the end of a row, and hard only when a word is too long', () => {
  const l = new LineLayout([line('alpha beta gamma delta'), line('x'.repeat(15))], 12, true, 0);
  assert.deepEqual(text(l.slice(0, 9)), ['alpha beta ', 'gamma delta', 'xxxxxxxxxxxx', 'xxx']);
});
