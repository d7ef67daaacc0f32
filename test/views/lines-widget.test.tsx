import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import { Lines, ScreenRows } from '../../views/widgets/Lines.js';
import { line, seg } from '../../views/widgets/text.js';
import { LineLayout } from '../../src/app/lines.js';

// A blank line is written `line('')` (one empty segment) as often as `line()`;
// both must take one row, or everything under it moves up and the screen's
// last row stays empty (a detail's sections ran together).
test('Lines draws a blank line, line() or line(""), as one empty row', () => {
  const r = render(<Lines lines={[line('first'), line(''), line(), line(seg('', 'muted')), line('last')]} offset={0} height={5} width={40} noColor={true} />);
  const rows = (r.lastFrame() ?? '').split('\n');
  assert.equal(rows.length, 5, JSON.stringify(rows));
  assert.equal(rows[0]!.trim(), 'first');
  assert.deepEqual(rows.slice(1, 4).map((x) => x.trim()), ['', '', '']);
  assert.equal(rows[4]!.trim(), 'last');
  r.unmount();
});

test('ScreenRows (line screens) draws a blank line as one empty row, unwrapped and wrapped', () => {
  const lines = [line('Heading'), line(''), line('Evidence'), line(seg('')), line('end')];
  const layout = new LineLayout(lines, 40, false, 0);
  const r = render(<ScreenRows rows={layout.slice(0, 5)} width={40} noColor={true} />);
  const rows = (r.lastFrame() ?? '').split('\n');
  assert.equal(rows.length, 5, JSON.stringify(rows));
  assert.deepEqual(rows.map((x) => x.trim()), ['Heading', '', 'Evidence', '', 'end']);
  r.unmount();
  // wrapped layout too (w)
  const wrappedLayout = new LineLayout(lines, 40, true, 0);
  const w = render(<ScreenRows rows={wrappedLayout.slice(0, 5)} width={40} noColor={true} />);
  assert.deepEqual((w.lastFrame() ?? '').split('\n').map((x) => x.trim()), ['Heading', '', 'Evidence', '', 'end']);
  w.unmount();
});
