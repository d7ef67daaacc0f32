// Key bindings as data. The dispatcher (shell.ts), the footer and the `?` help
// screen all read this one table, so a key shown is a key that works there.

/** The kinds of screen a binding can apply to. */
export type Where = 'list' | 'detail' | 'text' | 'logs' | 'help';
export const ALL_SCREENS: Where[] = ['list', 'detail', 'text', 'logs', 'help'];

export type Action =
  | 'quit'
  | 'help'
  | 'command'
  | 'filter'
  | 'down'
  | 'up'
  | 'pageDown'
  | 'pageUp'
  | 'top'
  | 'bottom'
  | 'open'
  | 'back'
  | 'previousView'
  | 'yaml'
  | 'events'
  | 'logs'
  | 'sortNext'
  | 'sortReverse'
  | 'allNamespaces'
  | 'wide'
  | 'wrap'
  | 'left'
  | 'right'
  | 'totals'
  | 'container'
  | 'previousLog'
  | 'follow'
  | 'search'
  | 'nextMatch';

/**
 * When a binding applies beyond its screen kind:
 * - `ref`: a detail line standing for an object is selected (detail cursor);
 * - `object`: the screen has an object to act on (a list row, the detail's own object or the selected ref);
 * - `logs`: that object has pods whose logs can be read.
 */
export type Condition = 'ref' | 'object' | 'logs';

export interface Binding {
  action: Action;
  /** Key names as shown to the user and as keyName() spells them. */
  keys: string[];
  /** The `?` help text. */
  help: string;
  /** Footer label; no label = not in the footer. Footer order = table order. */
  short?: string;
  /** The key as the footer spells it, when not keys[0]. */
  footKey?: string;
  where: Where[];
  when?: Condition;
  /** `global` keys work on every screen unless a screen binding takes the key first. */
  layer: 'screen' | 'global';
}

const LINES: Where[] = ['detail', 'text', 'logs', 'help'];
const MOVABLE: Where[] = ['list', ...LINES];
const OBJECT_SCREENS: Where[] = ['list', 'detail'];

export const BINDINGS: Binding[] = [
  // screen keys: lists
  { action: 'open', keys: ['Enter'], help: 'open the selected row (its detail; on :ns switch namespace; on :ctx switch context)', short: 'open', where: ['list'], when: 'object', layer: 'screen' },
  { action: 'open', keys: ['Enter'], help: 'open the object on the selected line', short: 'open', where: ['detail'], when: 'ref', layer: 'screen' },
  { action: 'filter', keys: ['/'], help: 'filter rows: text (substring) or -l key=value (label selector); Esc clears', short: 'filter', where: ['list'], layer: 'screen' },
  { action: 'search', keys: ['/'], help: 'search the log (matches highlighted); Enter jumps to the next match', short: 'search', where: ['logs'], layer: 'screen' },
  { action: 'nextMatch', keys: ['n'], help: 'next search match', where: ['logs'], layer: 'screen' },
  { action: 'yaml', keys: ['y'], help: "the object's YAML (the whole object, without managedFields)", short: 'yaml', where: OBJECT_SCREENS, when: 'object', layer: 'screen' },
  { action: 'events', keys: ['e'], help: "the object's events, newest first", short: 'events', where: OBJECT_SCREENS, when: 'object', layer: 'screen' },
  { action: 'logs', keys: ['l'], help: 'logs of the pod (or of the pods behind the object; live clusters)', short: 'logs', where: OBJECT_SCREENS, when: 'logs', layer: 'screen' },
  { action: 'container', keys: ['c'], help: 'next container', short: 'container', where: ['logs'], layer: 'screen' },
  { action: 'previousLog', keys: ['p'], help: "previous container's log (before the last restart)", short: 'previous', where: ['logs'], layer: 'screen' },
  { action: 'follow', keys: ['f'], help: 'follow new lines on/off (G follows again)', short: 'follow', where: ['logs'], layer: 'screen' },
  { action: 'sortNext', keys: ['o'], help: 'sort by the next column', short: 'sort', where: ['list'], layer: 'screen' },
  { action: 'sortReverse', keys: ['O'], help: 'reverse the sort order', where: ['list'], layer: 'screen' },
  { action: 'wide', keys: ['Ctrl-w'], help: 'wide columns on/off (as in k9s)', short: 'wide', footKey: '^w', where: ['list'], layer: 'screen' },
  { action: 'wrap', keys: ['w'], help: 'wrap long lines on/off', short: 'wrap', where: LINES, layer: 'screen' },
  { action: 'left', keys: ['←'], help: 'scroll sideways (when lines are not wrapped)', short: 'scroll', footKey: '←→', where: LINES, layer: 'screen' },
  { action: 'right', keys: ['→'], help: 'scroll sideways', where: LINES, layer: 'screen' },
  { action: 'allNamespaces', keys: ['0'], help: 'all namespaces', where: ['list'], layer: 'screen' },
  // movement
  { action: 'down', keys: ['j', '↓'], help: 'move down (on a detail: to the next object line, scrolling as needed)', where: MOVABLE, layer: 'screen' },
  { action: 'up', keys: ['k', '↑'], help: 'move up', where: MOVABLE, layer: 'screen' },
  { action: 'pageDown', keys: ['PgDn', 'Ctrl-f', 'Space'], help: 'page down', where: MOVABLE, layer: 'screen' },
  { action: 'pageUp', keys: ['PgUp', 'Ctrl-b'], help: 'page up', where: MOVABLE, layer: 'screen' },
  { action: 'top', keys: ['g', 'Home'], help: 'first row', where: MOVABLE, layer: 'screen' },
  { action: 'bottom', keys: ['G', 'End'], help: 'last row', where: MOVABLE, layer: 'screen' },
  // global keys
  { action: 'command', keys: [':'], help: 'command: a view (:sts :cj :jobs :svc :ing :map :pods :diag …, Tab completes), :VIEW app=x or :VIEW /text (opened filtered), :ns NAME (Tab completes), :ctx NAME, :q', short: 'view', where: ALL_SCREENS, layer: 'global' },
  { action: 'back', keys: ['Esc'], help: 'back (or clear the filter)', short: 'back', where: ALL_SCREENS, layer: 'global' },
  { action: 'previousView', keys: ['-'], help: 'the previous view (history of views)', short: 'prev view', where: ALL_SCREENS, layer: 'global' },
  { action: 'totals', keys: ['t'], help: 'header problem counts: root causes only, or with every finding in parentheses', where: ALL_SCREENS, layer: 'global' },
  { action: 'help', keys: ['?'], help: 'this help', short: 'help', where: ALL_SCREENS, layer: 'global' },
  { action: 'quit', keys: ['q', 'Ctrl-c'], help: 'quit', short: 'quit', where: ALL_SCREENS, layer: 'global' },
];

export interface KeyInfo {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  return?: boolean;
  escape?: boolean;
  ctrl?: boolean;
  meta?: boolean;
  tab?: boolean;
  backspace?: boolean;
  delete?: boolean;
  home?: boolean;
  end?: boolean;
}

/** The name of one Ink keypress as the table spells it ('j', 'Enter', '↓', 'Ctrl-w'), or undefined. */
export function keyName(input: string, key: KeyInfo): string | undefined {
  if (key.upArrow) return '↑';
  if (key.downArrow) return '↓';
  if (key.leftArrow) return '←';
  if (key.rightArrow) return '→';
  if (key.pageDown) return 'PgDn';
  if (key.pageUp) return 'PgUp';
  if (key.home) return 'Home';
  if (key.end) return 'End';
  if (key.return) return 'Enter';
  if (key.escape) return 'Esc';
  if (key.tab) return 'Tab';
  if (key.backspace || key.delete) return 'Backspace';
  if (key.ctrl) return input ? `Ctrl-${input.toLowerCase()}` : undefined;
  if (key.meta) return undefined;
  if (input === ' ') return 'Space';
  return input || undefined;
}

/** What the current screen offers, for matching conditions. */
export interface ScreenInfo {
  where: Where;
  /** A ref line is selected (detail cursor). */
  onRef?: boolean;
  /** The screen has an object to act on. */
  hasObject?: boolean;
  /** That object has pods with logs. */
  hasLogs?: boolean;
}

export function applies(b: Binding, s: ScreenInfo): boolean {
  if (!b.where.includes(s.where)) return false;
  if (b.when === 'ref') return !!s.onRef;
  if (b.when === 'object') return !!s.hasObject || !!s.onRef;
  if (b.when === 'logs') return !!s.hasLogs;
  return true;
}

/**
 * The binding a key triggers on a screen, screen bindings before global ones.
 * Conditions are not checked here: a key bound on the screen is consumed there
 * (with a message when it cannot act), never passed on to a global meaning.
 */
export function bindingFor(name: string, where: Where, layer: Binding['layer']): Binding | undefined {
  return BINDINGS.find((b) => b.layer === layer && b.where.includes(where) && b.keys.includes(name));
}

/** The footer's bindings: those that work on this screen now, one entry per action. */
export function footerBindings(s: ScreenInfo): Binding[] {
  const seen = new Set<Action>();
  const out: Binding[] = [];
  for (const b of BINDINGS) {
    if (!b.short || seen.has(b.action) || !applies(b, s)) continue;
    seen.add(b.action);
    out.push(b);
  }
  return out;
}

/**
 * `Enter open  / filter  y yaml …`: as many as fit in `width`, in table order,
 * always keeping `? help` (where every other key is listed).
 */
export function footerText(s: ScreenInfo, width: number): string {
  const bs = footerBindings(s);
  const label = (b: Binding) => `${b.footKey ?? b.keys[0]} ${b.short}`;
  const help = bs.find((b) => b.action === 'help');
  const tail = help ? `  ${label(help)}` : '';
  let out = '';
  for (const b of bs) {
    if (b === help) continue;
    const next = out ? `${out}  ${label(b)}` : ` ${label(b)}`;
    if (next.length + tail.length > width) break;
    out = next;
  }
  return out ? out + tail : tail.trimStart() ? ` ${tail.trimStart()}` : '';
}

/** Sections of the `?` help: which screens each group of keys works on. */
export const HELP_SECTIONS: { title: string; where: Where; layer: Binding['layer'] }[] = [
  { title: 'Everywhere', where: 'list', layer: 'global' },
  { title: 'Lists', where: 'list', layer: 'screen' },
  { title: 'Details (lines with an object can be selected)', where: 'detail', layer: 'screen' },
  { title: 'YAML, events, help', where: 'text', layer: 'screen' },
  { title: 'Logs', where: 'logs', layer: 'screen' },
];

/** The bindings of one help section, one entry per action. */
export function sectionBindings(where: Where, layer: Binding['layer']): Binding[] {
  const seen = new Set<Action>();
  return BINDINGS.filter((b) => {
    if (b.layer !== layer || !b.where.includes(where) || seen.has(b.action)) return false;
    seen.add(b.action);
    return true;
  });
}
