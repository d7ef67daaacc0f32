// NO_COLOR: every mark a view draws has an ASCII form (views/widgets/marks.ts).
// Walk every view of the demo cluster (whose objects are ASCII) under NO_COLOR:
// its list, the detail of its first rows to the end, and the help screen. No
// frame may hold a character outside ASCII, except the design notes' section
// names a finding cites (Chinese text, not marks).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openSnapshot } from '../../src/cluster/snapshot.js';
import { runDiagnostics } from '../../diagnostics/engine.js';
import { allViews } from '../../views/registry.js';
import { KEYS, renderWithProviders } from './helpers.js';

const DEMO = path.resolve('examples/demo-cluster');

/** The frame without the design notes' Chinese section names (CJK ideographs and punctuation). */
function withoutNotes(frame: string): string {
  return frame.replace(/[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/gu, '');
}

function nonAscii(frame: string): string[] {
  // eslint-disable-next-line no-control-regex
  return withoutNotes(frame)
    .split('\n')
    .filter((l) => /[^\x00-\x7f]/.test(l));
}

test('under NO_COLOR no view draws a mark outside ASCII (lists, details to their end, help)', async () => {
  const { store } = await openSnapshot(DEMO, 'demo');
  const ui = renderWithProviders(store, {
    columns: 80,
    rows: 120,
    noColor: true,
    diagnose: (s, now, namespace) => runDiagnostics(s, { now, namespace }),
  });
  const seen: string[] = [];
  const check = (where: string) => {
    const bad = nonAscii(ui.frame());
    assert.deepEqual(bad, [], `${where}: characters outside ASCII under NO_COLOR:\n${bad.join('\n')}`);
    seen.push(where);
  };
  try {
    await ui.settle();
    for (const v of allViews()) {
      if (v.id === 'ctx') continue; // contexts: live clusters only
      await ui.press(':');
      await ui.type(v.id);
      await ui.press(KEYS.enter);
      check(`:${v.id}`);
      // Enter on :ns switches namespace; every other view opens a detail.
      const rows = v.id === 'ns' ? 0 : ui.probe.shell!.listFrame().model.count();
      for (let i = 0; i < Math.min(rows, 3); i++) {
        await ui.press(KEYS.enter);
        if (!/ > /.test(ui.frame().split('\n')[1] ?? '')) continue; // Enter switched namespace or did not open a detail
        // Page to the end: `1-116 of 240` in the title until the last row shows.
        for (let page = 0; ; page++) {
          check(`:${v.id} detail ${i} page ${page}`);
          const m = / (\d+)-(\d+) of (\d+)/.exec(ui.frame().split('\n')[1] ?? '');
          if (!m || m[2] === m[3]) break;
          await ui.press(' ');
        }
        await ui.press(KEYS.escape);
        await ui.press('j');
      }
    }
    await ui.press('?');
    check('help');
  } finally {
    ui.unmount();
  }
  assert.ok(seen.length > 60, `walked ${seen.length} screens`);
});
