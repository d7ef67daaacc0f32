// The navigation reducer without Ink: screens, history of views, filters, wide, wrap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { currentList, initialNav, navReducer, top, HISTORY_MAX, type NavAction, type NavState } from '../../src/app/nav.js';

const run = (s: NavState, ...as: NavAction[]) => as.reduce(navReducer, s);
const detail = { type: 'lines' as const, title: 'Pods › shop/web-0', source: { kind: 'detail' as const, viewId: 'pods', key: 'shop/web-0' }, offset: 0, wrap: false, hscroll: 0, follow: false };

test('starts on one list with the default sort; the reducer never mutates its input', () => {
  const s0 = initialNav('pods', 'name', 'shop');
  const frozen = JSON.stringify(s0);
  assert.equal(s0.stack.length, 1);
  assert.deepEqual(currentList(s0), { type: 'list', id: 1, viewId: 'pods', sel: 0, offset: 0, filter: '', sortId: 'name', sortDesc: false });
  assert.equal(s0.namespace, 'shop');
  run(s0, { type: 'select', sel: 3, selKey: 'shop/web-3', offset: 0 }, { type: 'push', screen: detail }, { type: 'toggleWide' });
  assert.equal(JSON.stringify(s0), frozen);
});

test('screens stack over the view; back pops them, then clears the filter, then stays', () => {
  let s = run(initialNav('pods', 'name', undefined), { type: 'setFilter', text: 'web' }, { type: 'push', screen: detail });
  assert.equal(top(s).type, 'lines');
  assert.equal(top(s).id, 2, 'ids are unique per screen');
  s = run(s, { type: 'back' });
  assert.equal(top(s).type, 'list');
  assert.equal(currentList(s).filter, 'web');
  s = run(s, { type: 'back' });
  assert.equal(currentList(s).filter, '', 'Esc on a filtered list clears the filter');
  const again = run(s, { type: 'back' });
  assert.equal(again, s, 'Esc on the bare view changes nothing');
});

test('openView keeps a history; previousView (-) walks back through it with each view as it was left', () => {
  let s = run(initialNav('pods', 'name', undefined), { type: 'select', sel: 4, selKey: 'shop/web-4', offset: 0 }, { type: 'openView', viewId: 'sts', sortId: 'name' });
  s = run(s, { type: 'setFilter', text: 'db' }, { type: 'openView', viewId: 'svc', filter: '-l app=x' });
  assert.equal(currentList(s).viewId, 'svc');
  assert.equal(currentList(s).filter, '-l app=x', ':svc app=x opens the view filtered');
  assert.deepEqual(s.history.map((h) => h.viewId), ['pods', 'sts']);
  s = run(s, { type: 'previousView' });
  assert.equal(currentList(s).viewId, 'sts');
  assert.equal(currentList(s).filter, 'db');
  s = run(s, { type: 'previousView' });
  assert.equal(currentList(s).viewId, 'pods');
  assert.equal(currentList(s).selKey, 'shop/web-4', 'the selection is where it was');
  s = run(s, { type: 'previousView' });
  assert.equal(currentList(s).viewId, 'pods');
  assert.match(s.message!.text, /no previous view/);
  let many = initialNav('pods', undefined, undefined);
  for (let i = 0; i < HISTORY_MAX + 10; i++) many = navReducer(many, { type: 'openView', viewId: `v${i}` });
  assert.equal(many.history.length, HISTORY_MAX, 'the history is bounded');
});

test('list actions apply to lists only, line actions to line screens only', () => {
  const list = initialNav('pods', 'name', undefined);
  const onLines = run(list, { type: 'push', screen: detail });
  assert.equal(run(onLines, { type: 'setFilter', text: 'x' }), onLines);
  assert.equal(run(onLines, { type: 'select', sel: 2, offset: 0 }), onLines);
  assert.equal(run(list, { type: 'scroll', offset: 5 }), list);
  assert.equal(run(list, { type: 'toggleWrap', offset: 0 }), list);
  const filtered = run(list, { type: 'select', sel: 7, selKey: 'k7', offset: 3 }, { type: 'setFilter', text: 'we' });
  assert.deepEqual([currentList(filtered).sel, currentList(filtered).selKey, currentList(filtered).offset], [0, undefined, 0], 'a new filter starts at the top');
});

test('wrap, sideways scroll, cursor and follow on a line screen; wide and totals are global', () => {
  let s = run(initialNav('pods', 'name', undefined), { type: 'push', screen: detail }, { type: 'hscroll', hscroll: 20 });
  const t = () => top(s) as Extract<ReturnType<typeof top>, { type: 'lines' }>;
  assert.equal(t().hscroll, 20);
  s = run(s, { type: 'hscroll', hscroll: -5 });
  assert.equal(t().hscroll, 0, 'never scrolls left of the first column');
  s = run(s, { type: 'hscroll', hscroll: 30 }, { type: 'toggleWrap', offset: 12 });
  assert.deepEqual([t().wrap, t().hscroll, t().offset], [true, 0, 12], 'wrapping resets the sideways scroll and keeps the top line');
  s = run(s, { type: 'cursor', cursor: 9, cursorRef: { kind: 'Pod', namespace: 'shop', name: 'web-1' }, offset: 4 });
  assert.deepEqual([t().cursor, t().cursorRef?.name, t().offset], [9, 'web-1', 4]);
  s = run(s, { type: 'scroll', offset: 50, follow: true });
  assert.deepEqual([t().offset, t().follow], [50, true]);
  s = run(s, { type: 'toggleWide' }, { type: 'toggleTotals' });
  assert.deepEqual([s.wide, s.totals], [true, true]);
});
