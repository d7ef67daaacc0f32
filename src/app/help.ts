// The `?` screen, from the binding table (keymap.ts) and the view registry:
// what a key does and where, the `:` commands, and every view with the name
// kubectl users know it by. Wrapped to the terminal with a hanging indent, so
// it reads at 80 columns.
import type { Line, ViewDef } from '../../views/types.js';
import { line, seg, textWidth } from '../../views/widgets/text.js';
import { asciiMarks } from '../../views/widgets/marks.js';
import { HELP_SECTIONS, sectionBindings } from './keymap.js';

/** Word-wrap `text` into lines of at most `width` columns (words longer than a line are cut hard). */
export function wordWrap(text: string, width: number): string[] {
  const w = Math.max(8, width);
  const out: string[] = [];
  let cur = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let rest = word;
    while (textWidth(rest) > w) {
      if (cur) {
        out.push(cur);
        cur = '';
      }
      out.push(rest.slice(0, w));
      rest = rest.slice(w);
    }
    if (!cur) cur = rest;
    else if (textWidth(cur) + 1 + textWidth(rest) <= w) cur += ` ${rest}`;
    else {
      out.push(cur);
      cur = rest;
    }
  }
  if (cur) out.push(cur);
  return out.length ? out : [''];
}

/** A two-column entry: the key (or name) padded, the text wrapped beside it. */
function entry(key: string, text: string, keyWidth: number, width: number): Line[] {
  const room = Math.max(16, width - keyWidth - 2);
  const body = wordWrap(text, room);
  const out: Line[] = [];
  // A key longer than its column gets a line of its own.
  if (textWidth(key) >= keyWidth) out.push(line(seg(`  ${key}`, 'info', true)));
  body.forEach((t, i) => {
    if (i === 0 && textWidth(key) >= keyWidth) key = '';
    const k = i === 0 ? key.padEnd(keyWidth) : ' '.repeat(keyWidth);
    out.push(line(seg(`  ${k}`, 'info', i === 0), t));
  });
  return out;
}

export function helpLines(views: ViewDef[], width: number, noColor: boolean): Line[] {
  const keyText = (keys: string[]) => {
    const s = keys.join(' ');
    return noColor ? asciiMarks(s) : s;
  };
  const out: Line[] = [];
  const narrow = width < 100;
  const keyWidth = narrow ? 14 : 20;
  for (const sec of HELP_SECTIONS) {
    const bs = sectionBindings(sec.where, sec.layer);
    if (bs.length === 0) continue;
    out.push(line(seg(sec.title, 'accent', true)));
    for (const b of bs) out.push(...entry(keyText(b.keys), b.help, keyWidth, width));
    out.push(line(''));
  }
  out.push(line(seg('Commands', 'accent', true)));
  const cmds: [string, string][] = [
    [':VIEW', 'open a view by name or alias (below); Tab completes'],
    [':VIEW app=x', 'open it filtered by a label selector (k9s); any selector: tier!=web, env in (a,b)'],
    [':VIEW /text', 'open it filtered by text'],
    [':ns NAME', 'switch namespace (Tab completes names; :ns all for every namespace); :ns alone lists namespaces'],
    [':ctx NAME', 'switch kubeconfig context (live clusters)'],
    [':q', 'quit'],
  ];
  for (const [k, t] of cmds) out.push(...entry(k, t, keyWidth, width));
  out.push(line(''));
  out.push(line(seg('Views', 'accent', true)));
  for (const v of views) {
    const aliases = v.aliases.filter((a) => a !== v.id);
    out.push(...entry(`:${v.id}`, `${v.title}${aliases.length ? `  (${aliases.join(', ')})` : ''}`, keyWidth, width));
  }
  return out;
}
