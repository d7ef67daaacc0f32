// A list screen: title (view, scope, counts, read status) and the table of
// the visible rows only.
import { mark } from '../../../views/widgets/marks.js';
import React from 'react';
import { Box } from 'ink';
import type { Line } from '../../../views/types.js';
import { Table } from '../../../views/widgets/Table.js';
import { Lines } from '../../../views/widgets/Lines.js';
import { line, seg, wrapLine } from '../../../views/widgets/text.js';
import { kindStatusText, type Shell } from '../shell.js';

export function ListScreen({ shell }: { shell: Shell }): React.ReactElement {
  const f = shell.listFrame();
  const { view, model } = f;
  const width = shell.width;
  const noColor = shell.noColor;
  const status = kindStatusText(view.kinds, (k) => shell.statusOf(k), shell.noColor);
  // The view's own kind (Ingresses for :ing): whether its rows could be read. The other kinds a view reads
  // (an Ingress's Secrets, a StatefulSet's claims) only add to its rows: Secrets being forbidden does not mean "no Ingresses".
  const own = view.kinds.length ? kindStatusText(view.kinds.slice(0, 1), (k) => shell.statusOf(k), shell.noColor) : undefined;
  const shown = model.count();
  const total = model.total();
  const unreadable = !!own && total === 0 && /forbidden|could not be read|not in this snapshot/.test(own.text);
  // The rows of this view have not arrived from the data thread yet.
  const waiting = !model.ready;
  const title: Line = [
    { text: ` ${view.title} `, tone: 'accent', bold: true },
    { text: `[${shell.nav.namespace ?? 'all'}] `, tone: 'muted' },
    // A kind that could not be read has no count: "0" would read as "nothing there".
    { text: unreadable || waiting ? '' : `${shown}${shown !== total ? ` of ${total}` : ''}` },
    { text: f.screen.filter ? `  /${f.screen.filter}` : '', tone: 'info' },
    { text: shell.nav.wide ? '  wide' : '', tone: 'muted' },
    { text: status ? `  ${status.text}` : '', tone: status?.tone },
    { text: model.filterError ? `  ${model.filterError}` : '', tone: 'error' },
    { text: model.pending ? `  matching${mark('dots', noColor)}` : '', tone: 'muted' },
  ];
  let body: React.ReactElement;
  if (waiting) {
    body = <Lines lines={[line(''), line(seg(`  loading${mark('dots', noColor)}`, 'muted'))]} offset={0} height={2} width={width} noColor={noColor} />;
  } else if (shown === 0) {
    const why =
      total > 0
        ? { text: 'No rows match the filter (Esc clears it).', tone: 'muted' as const }
        : (own ?? { text: model.empty ?? `No ${view.title.toLowerCase()}${shell.nav.namespace ? ` in namespace ${shell.nav.namespace}` : ''}.`, tone: 'muted' as const });
    // What else could not be read (it might have added rows), under the reason.
    const also = status && status.text !== why.text ? status : undefined;
    // The reason is the screen's whole content (a 403 names the user, the verb and the resource): wrapped, not cut.
    const text: Line[] = [why, ...(also ? [also] : [])].flatMap((w) => wrapLine(line(seg(`  ${w.text}`, w.tone)), width, 2));
    const rows = Math.min(text.length + 1, shell.contentHeight);
    body = <Lines lines={[line(''), ...text]} offset={0} height={rows} width={width} noColor={noColor} />;
  } else {
    const laid = model.layout(shell.columns(view), width, noColor, shell.nav.wide);
    body = (
      <Table
        laid={laid}
        rows={model.visible(f.offset, shell.tableRows)}
        cell={(r, id) => model.cell(r as number, id)}
        noColor={noColor}
        selected={f.sel}
        offset={f.offset}
        sortId={f.screen.sortId}
        sortDesc={f.screen.sortDesc}
        width={width}
      />
    );
  }
  return (
    <Box flexDirection="column">
      <Lines lines={[title]} offset={0} height={1} width={width} noColor={noColor} />
      <Box flexDirection="column" height={shell.contentHeight}>
        {body}
      </Box>
    </Box>
  );
}
