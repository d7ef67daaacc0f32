// One binding table: the dispatcher's matching, the footer per screen and the help come from it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BINDINGS, bindingFor, footerBindings, footerText, keyName } from '../../src/app/keymap.js';
import { commandCandidates, completeCommand, parseCommand } from '../../src/app/commands.js';
import { helpLines } from '../../src/app/help.js';
import { allViews } from '../../views/registry.js';
import { lineText, textWidth } from '../../views/widgets/text.js';

test('keyName spells Ink keys as the table does', () => {
  assert.equal(keyName('', { downArrow: true }), '↓');
  assert.equal(keyName('', { leftArrow: true }), '←');
  assert.equal(keyName('w', { ctrl: true }), 'Ctrl-w');
  assert.equal(keyName('', { return: true }), 'Enter');
  assert.equal(keyName(' ', {}), 'Space');
  assert.equal(keyName('-', {}), '-');
  for (const b of BINDINGS) for (const k of b.keys) assert.ok(k.length > 0);
});

test('the same key means what its screen says: / filters a list, searches a log; screen keys before global ones', () => {
  assert.equal(bindingFor('/', 'list', 'screen')?.action, 'filter');
  assert.equal(bindingFor('/', 'logs', 'screen')?.action, 'search');
  assert.equal(bindingFor('w', 'detail', 'screen')?.action, 'wrap');
  assert.equal(bindingFor('w', 'list', 'screen'), undefined, 'w does nothing on a list');
  assert.equal(bindingFor('Ctrl-w', 'list', 'screen')?.action, 'wide');
  assert.equal(bindingFor('Enter', 'detail', 'screen')?.when, 'ref');
  assert.equal(bindingFor('-', 'detail', 'global')?.action, 'previousView');
  assert.equal(bindingFor('q', 'logs', 'global')?.action, 'quit');
});

test('the footer shows only keys that work on the screen', () => {
  const labels = (s: Parameters<typeof footerBindings>[0]) => footerBindings(s).map((b) => b.keys[0]);
  const list = labels({ where: 'list', hasObject: true, hasLogs: false });
  assert.ok(list.includes('/') && list.includes('y') && list.includes('Ctrl-w') && list.includes('Enter'));
  assert.ok(!list.includes('l'), 'no l without pods');
  assert.ok(!list.includes('w'));
  const detailNoRef = labels({ where: 'detail', onRef: false, hasObject: true, hasLogs: true });
  assert.ok(!detailNoRef.includes('Enter'), 'Enter only on a selected object line');
  assert.ok(detailNoRef.includes('w') && detailNoRef.includes('←') && detailNoRef.includes('y') && detailNoRef.includes('l'));
  assert.ok(!detailNoRef.includes('/'), 'no filter on a detail');
  const detailRef = labels({ where: 'detail', onRef: true, hasObject: true });
  assert.ok(detailRef.includes('Enter'));
  const yaml = labels({ where: 'text' });
  assert.ok(!yaml.includes('y') && !yaml.includes('Enter') && yaml.includes('w'));
  const logs = labels({ where: 'logs' });
  assert.ok(logs.includes('c') && logs.includes('p') && logs.includes('f') && logs.includes('/'));
  const t80 = footerText({ where: 'list', hasObject: true, hasLogs: true }, 80);
  assert.ok(t80.length <= 80);
  assert.match(t80, /\? help$/, 'help is always offered');
});

test(': commands: views, views filtered by selector or text, namespaces, contexts, quit', () => {
  const views = allViews();
  assert.deepEqual(parseCommand('q', views), { type: 'quit' });
  const f = parseCommand('pods app=web,tier!=db', views);
  assert.ok(f.type === 'view' && f.view.id === 'pods' && f.filter === '-l app=web,tier!=db');
  const t = parseCommand('po /crash', views);
  assert.ok(t.type === 'view' && t.view.id === 'pods' && t.filter === 'crash');
  const sel = parseCommand('svc env in (a, b)', views);
  assert.ok(sel.type === 'view' && sel.filter === '-l env in (a, b)');
  assert.deepEqual(parseCommand('ns shop', views), { type: 'namespace', name: 'shop', all: false });
  assert.deepEqual(parseCommand('ns all', views), { type: 'namespace', name: undefined, all: true });
  assert.equal(parseCommand('ns', views).type, 'view', ':ns alone lists namespaces');
  assert.deepEqual(parseCommand('ctx prod', views), { type: 'context', name: 'prod' });
  assert.match((parseCommand('nosuch', views) as { message: string }).message, /no view named "nosuch"/);
  assert.equal(parseCommand('pods kube-system', views).type, 'error');
});

test('Tab completes view names, then namespace names after :ns, contexts after :ctx', () => {
  const views = allViews();
  const src = { namespaces: () => ['shop', 'shipping', 'kube-system'], contexts: () => ['prod-eu', 'staging'] };
  assert.equal(completeCommand('namesp', views, src), 'namespace');
  assert.equal(completeCommand('ns ku', views, src), 'ns kube-system');
  assert.equal(completeCommand('ns sh', views, src), 'ns shop', 'several: the first when nothing more is common');
  assert.equal(completeCommand('ns shi', views, src), 'ns shipping');
  assert.equal(completeCommand('ctx st', views, src), 'ctx staging');
  assert.deepEqual(commandCandidates('ns s', views, src).names, ['shop', 'shipping']);
  assert.equal(completeCommand('ns zzz', views, src), 'ns zzz', 'nothing to complete: unchanged');
});

test('help at 80 columns: every line fits, every binding and view is listed with its title', () => {
  const views = allViews();
  const lines = helpLines(views, 80, true).map(lineText);
  for (const l of lines) assert.ok(textWidth(l) <= 80, `fits: ${l}`);
  const all = lines.join('\n');
  for (const b of BINDINGS) assert.ok(all.includes(b.help.split(' ').slice(0, 3).join(' ')), `help lists ${b.action}`);
  for (const v of views) assert.ok(lines.some((l) => l.includes(`:${v.id}`) && (l.includes(v.title) || lines[lines.indexOf(l) + 1]?.includes(v.title))), `help lists :${v.id}`);
  assert.ok(!/[←→]/.test(all), 'NO_COLOR: ASCII keys');
});
