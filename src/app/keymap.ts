// Key bindings as data: the dispatcher in App.tsx and the `?` help screen both read this table.

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
  | 'yaml'
  | 'events'
  | 'logs'
  | 'sortNext'
  | 'sortReverse'
  | 'allNamespaces';

export interface Binding {
  action: Action;
  /** Key names as shown to the user. */
  keys: string[];
  help: string;
}

export const BINDINGS: Binding[] = [
  { action: 'command', keys: [':'], help: 'switch view (:sts :cj :jobs :svc :ing :map :pods :diag :ns :ctx …, Tab completes; :ns NAME, :ctx NAME, :q)' },
  { action: 'filter', keys: ['/'], help: 'filter rows: text (substring) or -l key=value (label selector); Esc clears' },
  { action: 'down', keys: ['j', '↓'], help: 'move down' },
  { action: 'up', keys: ['k', '↑'], help: 'move up' },
  { action: 'pageDown', keys: ['PgDn', 'Ctrl-f', 'Space'], help: 'page down' },
  { action: 'pageUp', keys: ['PgUp', 'Ctrl-b'], help: 'page up' },
  { action: 'top', keys: ['g', 'Home'], help: 'first row' },
  { action: 'bottom', keys: ['G', 'End'], help: 'last row' },
  { action: 'open', keys: ['Enter'], help: 'open the detail (on :ns, switch namespace; on :ctx, switch context)' },
  { action: 'back', keys: ['Esc'], help: 'back (or clear the filter)' },
  { action: 'yaml', keys: ['y'], help: "the object's YAML (without managedFields)" },
  { action: 'events', keys: ['e'], help: "the object's events, newest first" },
  { action: 'logs', keys: ['l'], help: 'logs of the pod (live clusters)' },
  { action: 'sortNext', keys: ['o'], help: 'sort by the next column' },
  { action: 'sortReverse', keys: ['O'], help: 'reverse the sort order' },
  { action: 'allNamespaces', keys: ['0'], help: 'all namespaces' },
  { action: 'help', keys: ['?'], help: 'this help' },
  { action: 'quit', keys: ['q', 'Ctrl-c'], help: 'quit' },
];

export interface KeyInfo {
  upArrow?: boolean;
  downArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  return?: boolean;
  escape?: boolean;
  ctrl?: boolean;
  home?: boolean;
  end?: boolean;
}

/** Map one Ink keypress to an action. */
export function actionFor(input: string, key: KeyInfo): Action | undefined {
  if (key.ctrl && input === 'c') return 'quit';
  if (key.ctrl && input === 'f') return 'pageDown';
  if (key.ctrl && input === 'b') return 'pageUp';
  if (key.ctrl) return undefined;
  if (key.downArrow) return 'down';
  if (key.upArrow) return 'up';
  if (key.pageDown) return 'pageDown';
  if (key.pageUp) return 'pageUp';
  if (key.home) return 'top';
  if (key.end) return 'bottom';
  if (key.return) return 'open';
  if (key.escape) return 'back';
  switch (input) {
    case 'j': return 'down';
    case 'k': return 'up';
    case ' ': return 'pageDown';
    case 'g': return 'top';
    case 'G': return 'bottom';
    case ':': return 'command';
    case '/': return 'filter';
    case 'y': return 'yaml';
    case 'e': return 'events';
    case 'l': return 'logs';
    case 'o': return 'sortNext';
    case 'O': return 'sortReverse';
    case '0': return 'allNamespaces';
    case '?': return 'help';
    case 'q': return 'quit';
    default: return undefined;
  }
}

/** Extra keys on a log screen (`l`). */
export const LOG_BINDINGS: Binding[] = [
  { action: 'logs', keys: ['c'], help: 'next container' },
  { action: 'logs', keys: ['p'], help: "previous container's log (before the last restart)" },
  { action: 'logs', keys: ['f'], help: 'follow on/off (G follows again)' },
  { action: 'logs', keys: ['w'], help: 'wrap long lines' },
  { action: 'filter', keys: ['/'], help: 'search (matches highlighted); n next match' },
];
