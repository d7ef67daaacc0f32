// The shell: one keypress dispatcher, a stack of screens (lists and line
// views), and a render loop that reads the store on a timer instead of on
// every watch event, so a flood of events never delays a key press.
import React, { useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'react';
import { Box, useApp, useInput, useStdout } from 'ink';
import type { ClusterStore, KindStatus } from '../cluster/store.js';
import type { KindName } from '../cluster/kinds.js';
import { matchesSelector, parseSelector } from '../model/labels.js';
import type { K8sObject, LabelSelector } from '../model/types.js';
import type { ContextInfo, Line, ShellAction, ViewCtx, ViewDef } from '../../views/types.js';
import type { DiagnosticsReport, Finding } from '../../diagnostics/types.js';
import { completions, findView } from '../../views/registry.js';
import { layoutColumns } from '../../views/widgets/layout.js';
import { Table } from '../../views/widgets/Table.js';
import { Lines } from '../../views/widgets/Lines.js';
import { Header, type HeaderProps } from '../../views/widgets/Header.js';
import { describeLines, objectEventLines, yamlLines } from '../../views/common.js';
import { line, seg } from '../../views/widgets/text.js';
import { actionFor, BINDINGS, LOG_BINDINGS } from './keymap.js';
import { LogSession, type LogProvider } from './logs.js';

type InkKey = Parameters<Parameters<typeof useInput>[0]>[1];

export interface LiveControl {
  switchNamespace(namespace: string | undefined): void | Promise<void>;
  switchContext(context: string): Promise<void>;
  contexts(): ContextInfo[];
  /** Stream a pod's log lines; returns a stop function. */
  podLog?(
    target: { namespace: string; pod: string; container?: string; previous?: boolean; follow?: boolean; tailLines?: number },
    onLine: (l: string) => void,
    onEnd: (err?: Error) => void,
  ): () => void;
}

export interface AppProps {
  store: ClusterStore;
  views: ViewDef[];
  initialView?: string;
  /** Fixed evaluation time (snapshot capture time or --now); otherwise the clock. */
  fixedNow?: number;
  noColor: boolean;
  live?: LiveControl;
  diagnose?(store: ClusterStore, now: number, namespace: string | undefined): DiagnosticsReport | undefined;
  /** How often store changes reach the screen (ms). */
  refreshMs?: number;
  /** Terminal size override (tests). */
  size?: { columns: number; rows: number };
  /** Filled by the shell so tests can wait for a state instead of a fixed time. */
  probe?: ShellProbe;
}

/**
 * What a test needs to know to wait for the screen instead of sleeping: the
 * shell is ready for keys, how many key events it received, and whether work
 * is still outstanding (queued keys, store changes not yet drawn, a
 * diagnostics run due or in flight).
 */
export interface ShellProbe {
  ready: boolean;
  inputs: number;
  diagRuns: number;
  busy(): boolean;
}

interface ListEntry {
  type: 'list';
  viewId: string;
  sel: number;
  selKey?: string;
  offset: number;
  filter: string;
  sortId?: string;
  sortDesc: boolean;
}
interface LinesEntry {
  type: 'lines';
  title: string;
  render(ctx: ViewCtx): Line[];
  offset: number;
  /** Lines that grow (logs) follow the end unless the user scrolled up. */
  follow?: boolean;
  onClose?: () => void;
  /** A log screen: its own keys (c p w f / n) and title. */
  logs?: LogSession;
}
type Entry = ListEntry | LinesEntry;

type Mode = { type: 'normal' } | { type: 'command'; text: string } | { type: 'filter'; text: string };

interface RowSet {
  rows: unknown[];
  keys: string[];
  total: number;
  /** Every row of the view, before the filter. */
  all: unknown[];
  error?: string;
}

function kindStatusText(kinds: KindName[], statusOf: (k: KindName) => KindStatus): { text: string; tone: 'warn' | 'error' | 'muted' } | undefined {
  for (const k of kinds) {
    const s = statusOf(k);
    if (s.state === 'forbidden') return { text: `${k}: forbidden (${s.message})`, tone: 'error' };
    if (s.state === 'error') return { text: `${k}: could not be read (${s.message})`, tone: 'error' };
    if (s.state === 'absent') return { text: `${k}: not in this snapshot`, tone: 'warn' };
    if (s.state === 'partial') return { text: `${k}: only namespaces ${s.namespaces.join(', ')} could be read`, tone: 'warn' };
    if (s.state === 'loading') return { text: `${k}: loading… (${s.loaded} so far)`, tone: 'muted' };
    if (s.state === 'pending') return { text: `${k}: loading…`, tone: 'muted' };
  }
  return undefined;
}

// One collator for every sort: String.prototype.localeCompare with options
// builds a new collator on each call, which made sorting 10,000 rows take
// ~1 s. Same locale, same options, same order.
const NUMERIC_COLLATOR = new Intl.Collator(undefined, { numeric: true });

/**
 * What the table shows of each row, computed once per row while the rows'
 * content cannot change: every column's value (view.columns order), and the
 * text a substring filter searches — the values lowercased, joined by NUL
 * (which no typed filter contains, so a match never spans two columns).
 * Column layout and every key typed into a filter reuse them.
 */
interface RowTexts {
  values(r: unknown): string[];
  search(r: unknown): string;
}
function rowTextsOf(view: ViewDef, ctx: ViewCtx): RowTexts {
  const vals = new Map<unknown, string[]>();
  const texts = new Map<unknown, string>();
  const values = (r: unknown) => {
    let v = vals.get(r);
    if (v === undefined) {
      v = view.columns.map((c) => c.value(r, ctx));
      vals.set(r, v);
    }
    return v;
  };
  const search = (r: unknown) => {
    let s = texts.get(r);
    if (s === undefined) {
      s = values(r).map((x) => x.toLowerCase()).join('\0');
      texts.set(r, s);
    }
    return s;
  };
  return { values, search };
}

function rowFilter(view: ViewDef, ctx: ViewCtx, filter: string, texts?: RowTexts): ((r: unknown) => boolean) | { error: string } | undefined {
  const f = filter.trim();
  if (!f) return undefined;
  if (f.startsWith('-l ') || f.startsWith('-l=')) {
    let sel: LabelSelector;
    try {
      sel = parseSelector(f.slice(3).trim());
    } catch (e) {
      return { error: (e as Error).message };
    }
    return (r) => {
      const o = view.object?.(r, ctx);
      return !!o && matchesSelector(sel, o.metadata.labels);
    };
  }
  const needle = f.toLowerCase();
  if (texts && !needle.includes('\0')) return (r) => texts.search(r).includes(needle);
  return (r) => view.columns.some((c) => c.value(r, ctx).toLowerCase().includes(needle));
}

export function App(props: AppProps): React.ReactElement {
  const { store, views, noColor, live } = props;
  const app = useApp();
  const { stdout } = useStdout();
  // Every state change bumps `requested`; each commit records the generation it drew,
  // so the probe knows whether the last frame shows the current state.
  const gen = useRef({ requested: 0, committed: -1, effects: -1 });
  const tracked = <T,>(set: (v: T) => void) => (v: T) => {
    gen.current.requested++;
    set(v);
  };
  const [size, setSizeRaw] = useState(() => props.size ?? { columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const setSize = tracked(setSizeRaw);
  const [, forceRenderRaw] = useReducer((x: number) => x + 1, 0);
  const forceRender = () => {
    gen.current.requested++;
    forceRenderRaw();
  };
  const renderedGen = gen.current.requested;
  useLayoutEffect(() => {
    gen.current.committed = renderedGen;
  });
  // Passive effects (queued keys, diagnostics scheduling) have run for the last commit.
  useEffect(() => {
    gen.current.effects = renderedGen;
  });
  const [namespace, setNamespaceRaw] = useState<string | undefined>(store.info.namespace);
  const setNamespace = tracked(setNamespaceRaw);
  const nsRef = useRef(namespace);
  nsRef.current = namespace;
  const [message, setMessageRaw] = useState<{ text: string; tone: 'warn' | 'error' | 'info' } | undefined>(
    store.warnings.length ? { text: `${store.warnings.length} snapshot problem(s): ${store.warnings[0]}`, tone: 'warn' } : undefined,
  );
  const setMessage = tracked(setMessageRaw);
  const initial = findView(views, props.initialView ?? 'pods') ?? views[0]!;
  // Navigation state lives in a ref and changes synchronously, so keys typed
  // faster than frames (held j, a pasted filter) each see the previous key's effect.
  const ui = useRef<{ stack: Entry[]; mode: Mode }>({
    stack: [{ type: 'list', viewId: initial.id, sel: 0, offset: 0, filter: '', sortId: initial.defaultSort, sortDesc: false }],
    mode: { type: 'normal' },
  });
  const setStack = (next: Entry[] | ((s: Entry[]) => Entry[])) => {
    ui.current.stack = typeof next === 'function' ? next(ui.current.stack) : next;
    forceRender();
  };
  const setMode = (m: Mode) => {
    ui.current.mode = m;
    forceRender();
  };
  const stack = ui.current.stack;
  const mode = ui.current.mode;
  const dirty = useRef(false);

  // Coalesce store changes: at most one frame per refresh interval.
  useEffect(() => {
    const unsub = store.subscribe(() => {
      dirty.current = true;
    });
    const every = props.refreshMs ?? 250;
    const timer = setInterval(() => {
      if (dirty.current || props.fixedNow === undefined) {
        dirty.current = false;
        forceRender();
      }
    }, props.fixedNow === undefined ? Math.max(every, 1000) : every);
    // Live: also re-render at least once a second so ages move.
    const fast = props.fixedNow === undefined ? setInterval(() => {
      if (dirty.current) {
        dirty.current = false;
        forceRender();
      }
    }, every) : undefined;
    // Timers never keep the process alive on their own (a test that fails before unmount must still end).
    timer.unref?.();
    fast?.unref?.();
    return () => {
      unsub();
      clearInterval(timer);
      if (fast) clearInterval(fast);
    };
  }, [store, props.refreshMs, props.fixedNow]);

  useEffect(() => {
    if (props.size) return;
    const onResize = () => setSize({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, props.size]);

  const now = props.fixedNow ?? Date.now();
  const width = Math.max(20, size.columns);
  const height = Math.max(6, size.rows - 1); // keep the frame shorter than the terminal (Ink #450)

  // Diagnostics run off the render path: the first frame shows without them,
  // and later runs are spaced by ten times their own cost (at least 1 s), so a
  // large live cluster's checks take at most a tenth of the time, leaving the rest to keys.
  const [report, setReportRaw] = useState<DiagnosticsReport | undefined>(undefined);
  const setReport = tracked(setReportRaw);
  const diagKey = `${store.version}|${namespace ?? ''}|${props.fixedNow ?? Math.floor(now / 10000)}`;
  const diagState = useRef<{ key?: string; timer?: ReturnType<typeof setTimeout>; last: number; cost: number }>({ last: 0, cost: 0 });
  useEffect(() => {
    const d = diagState.current;
    if (!props.diagnose || d.key === diagKey || d.timer) return;
    const wait = d.last === 0 ? 0 : Math.max(0, d.last + Math.max(1000, 10 * d.cost) - Date.now());
    d.timer = setTimeout(() => {
      d.timer = undefined;
      const t0 = Date.now();
      d.key = `${store.version}|${nsRef.current ?? ''}|${props.fixedNow ?? Math.floor(Date.now() / 10000)}`;
      setReport(props.diagnose!(store, props.fixedNow ?? Date.now(), nsRef.current));
      if (props.probe) props.probe.diagRuns++;
      d.cost = Date.now() - t0;
      d.last = Date.now();
    }, wait);
    d.timer.unref?.();
  });
  useEffect(() => () => clearTimeout(diagState.current.timer), []);
  const findingsIndex = useMemo(() => {
    const m = new Map<string, Finding[]>();
    for (const f of report?.findings ?? []) {
      const k = `${f.object.kind}/${f.object.namespace ?? ''}/${f.object.name}`;
      let arr = m.get(k);
      if (!arr) m.set(k, (arr = []));
      arr.push(f);
    }
    return m;
  }, [report]);

  const ctx: ViewCtx = {
    store,
    now,
    namespace,
    width,
    noColor,
    diagnostics: report,
    findingsFor: report ? (kind, ns, name) => findingsIndex.get(`${kind}/${ns ?? ''}/${name}`) ?? [] : undefined,
    contexts: live?.contexts(),
  };

  const top = stack[stack.length - 1]!;
  const listEntry = [...stack].reverse().find((e): e is ListEntry => e.type === 'list')!;
  const view = findView(views, listEntry.viewId) ?? views[0]!;

  // Per-row column values and filter text: kept while the rows' content cannot change.
  const texts = useMemo(
    () => rowTextsOf(view, ctx),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [store.version, view, namespace, Math.floor(now / 1000), findingsIndex, width],
  );
  // Rows: view rows → sort → filter. Recomputed from the store's cached lists.
  // The sorted list is kept across filter keys: filtering a stably sorted list
  // gives the order sorting the filtered rows would, without sorting again.
  const sorted = useMemo(() => {
    const all = view.rows(ctx);
    let rows = all;
    const col = view.columns.find((c) => c.id === listEntry.sortId);
    if (col) {
      const keyed = rows.map((r) => ({ r, k: col.sortValue ? col.sortValue(r, ctx) : col.value(r, ctx) }));
      keyed.sort((a, b) => {
        const c = typeof a.k === 'number' && typeof b.k === 'number' ? a.k - b.k : NUMERIC_COLLATOR.compare(String(a.k), String(b.k));
        return listEntry.sortDesc ? -c : c;
      });
      rows = keyed.map((x) => x.r);
    }
    return { all, rows, keys: rows.map((r) => view.key(r)) };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store.version, view, namespace, listEntry.sortId, listEntry.sortDesc, Math.floor(now / 1000), findingsIndex, width]);
  const rowSet: RowSet = useMemo(() => {
    const f = rowFilter(view, ctx, listEntry.filter, texts);
    if (f && typeof f === 'function') {
      const rows: unknown[] = [];
      const keys: string[] = [];
      sorted.rows.forEach((r, i) => {
        if (f(r)) {
          rows.push(r);
          keys.push(sorted.keys[i]!);
        }
      });
      return { rows, keys, total: sorted.all.length, all: sorted.all };
    }
    return { rows: sorted.rows, keys: sorted.keys, total: sorted.all.length, all: sorted.all, error: f && 'error' in f ? f.error : undefined };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sorted, texts, listEntry.filter]);

  // Fill the row texts in idle time, a slice at a time, so the first key
  // typed after '/' does not pay for every row of a large list.
  useEffect(() => {
    const rows = rowSet.all;
    if (rows.length < 1000) return;
    let i = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const step = () => {
      const end = Math.min(rows.length, i + 500);
      for (; i < end; i++) texts.search(rows[i]);
      if (i < rows.length) {
        timer = setTimeout(step, 0);
        timer.unref?.();
      }
    };
    timer = setTimeout(step, 100);
    timer.unref?.();
    return () => clearTimeout(timer);
  }, [texts, rowSet.all]);

  const layoutCache = useRef<{ key: unknown[]; laid: ReturnType<typeof layoutColumns<unknown>> } | undefined>(undefined);

  // Keep the selection on the same object when rows move.
  const selOf = (e: ListEntry): number => {
    let i = e.sel;
    if (e.selKey !== undefined) {
      const idx = rowSet.keys.indexOf(e.selKey);
      if (idx >= 0) i = idx;
    }
    return Math.max(0, Math.min(i, rowSet.rows.length - 1));
  };
  const sel = selOf(listEntry);
  const contentHeight = height - 3; // header, title, footer
  const tableRows = Math.max(1, contentHeight - 1);
  let offset = listEntry.offset;
  if (sel < offset) offset = sel;
  if (sel >= offset + tableRows) offset = sel - tableRows + 1;
  offset = Math.max(0, Math.min(offset, Math.max(0, rowSet.rows.length - tableRows)));

  const updateTop = (patch: Partial<ListEntry> | Partial<LinesEntry>) =>
    setStack((s) => [...s.slice(0, -1), { ...s[s.length - 1]!, ...patch } as Entry]);

  const openView = (name: string): boolean => {
    const v = findView(views, name);
    if (!v) return false;
    setStack([{ type: 'list', viewId: v.id, sel: 0, offset: 0, filter: '', sortId: v.defaultSort, sortDesc: false }]);
    return true;
  };

  const switchNamespace = (ns: string | undefined) => {
    setNamespace(ns);
    setMessage({ text: ns ? `namespace ${ns}` : 'all namespaces', tone: 'info' });
    void Promise.resolve(live?.switchNamespace(ns)).catch((e: Error) => setMessage({ text: e.message, tone: 'error' }));
  };

  const runShellAction = (a: ShellAction) => {
    switch (a.type) {
      case 'switchNamespace':
        switchNamespace(a.namespace);
        openView('pods');
        break;
      case 'switchContext':
        if (!live) {
          setMessage({ text: 'contexts can be switched only on a live cluster', tone: 'warn' });
          break;
        }
        setMessage({ text: `switching to context ${a.context}…`, tone: 'info' });
        live.switchContext(a.context).then(
          () => {
            setNamespace(store.info.namespace);
            setMessage({ text: `context ${a.context}`, tone: 'info' });
          },
          (e: Error) => setMessage({ text: e.message, tone: 'error' }),
        );
        openView('pods');
        break;
      case 'openView':
        openView(a.view);
        break;
      case 'openObject': {
        const v = views.find((x) => x.kinds[0] === a.kind && x.object);
        if (!v) break;
        const rows = v.rows({ ...ctx, namespace: a.namespace ?? namespace });
        const idx = rows.findIndex((r) => {
          const o = v.object!(r, ctx);
          return o?.metadata.name === a.name && (a.namespace === undefined || o.metadata.namespace === a.namespace);
        });
        if (idx < 0) {
          setMessage({ text: `${a.kind} ${a.namespace ? `${a.namespace}/` : ''}${a.name} not found`, tone: 'warn' });
          break;
        }
        const key = v.key(rows[idx]);
        setStack((s) => [
          ...s,
          { type: 'list', viewId: v.id, sel: idx, selKey: key, offset: 0, filter: '', sortId: v.defaultSort, sortDesc: false },
          detailEntry(v, key),
        ]);
        break;
      }
    }
  };

  function detailEntry(v: ViewDef, key: string): LinesEntry {
    return {
      type: 'lines',
      title: `${v.title} › ${key.replace(/^\//, '')}`,
      offset: 0,
      render: (c) => {
        const r = v.rows(c).find((x) => v.key(x) === key);
        if (r === undefined) return [line(seg(`${key} is gone (deleted, or out of the current namespace).`, 'warn'))];
        if (v.detail) return v.detail(r, c);
        const o = v.object?.(r, c);
        return o ? describeLines(o, c) : [line(key)];
      },
    };
  }

  const helpEntry = (): LinesEntry => ({
    type: 'lines',
    title: 'Help',
    offset: 0,
    render: () => [
      line(seg('Keys', 'accent', true)),
      ...BINDINGS.map((b) => line(seg(b.keys.join(' ').padEnd(22), 'info', true), b.help)),
      line(''),
      line(seg('On a log screen', 'accent', true)),
      ...LOG_BINDINGS.map((b) => line(seg(b.keys.join(' ').padEnd(22), 'info', true), b.help)),
      line(''),
      line(seg('Views', 'accent', true)),
      ...views.map((v) => line(seg(`:${v.id}`.padEnd(10), 'info', true), v.title, seg(v.aliases.length ? `  (${v.aliases.filter((a) => a !== v.id).join(', ')})` : '', 'muted'))),
    ],
  });

  const scrollLines = (entry: LinesEntry, delta: number | 'top' | 'bottom', total: number) => {
    const max = Math.max(0, total - contentHeight);
    const next = delta === 'top' ? 0 : delta === 'bottom' ? max : Math.max(0, Math.min(max, entry.offset + delta));
    updateTop({ offset: next, follow: delta === 'bottom' || (entry.follow && next >= max) });
  };

  const openLogs = (row: unknown) => {
    const targets = row !== undefined ? view.logTargets?.(row, ctx) : undefined;
    const o = row !== undefined ? view.object?.(row, ctx) : undefined;
    const t = targets?.[0] ?? (o?.kind === 'Pod' ? { namespace: o.metadata.namespace!, pod: o.metadata.name, containers: (o.spec?.containers ?? []).map((c: { name: string }) => c.name) } : undefined);
    if (!t) {
      setMessage({ text: 'no pod to show logs for here', tone: 'warn' });
      return;
    }
    if (!live?.podLog) {
      setMessage({ text: 'logs are not in snapshots: connect to the cluster to read them', tone: 'warn' });
      return;
    }
    const session = new LogSession(live as LogProvider, t, () => {
      dirty.current = true;
    });
    setStack((st) => [
      ...st,
      { type: 'lines', title: session.title(), offset: 0, follow: true, onClose: () => session.close(), logs: session, render: (c) => session.lines(c.width) },
    ]);
  };

  const topLines = top.type === 'lines' ? top.render(ctx) : undefined;
  if (top.type === 'lines' && top.follow && topLines) {
    const max = Math.max(0, topLines.length - contentHeight);
    if (top.offset !== max) top.offset = max;
  }

  // A burst of typed characters (fast typing, paste, tmux send-keys) arrives as one
  // string: handle it key by key, so ":sts⏎" works the same as typed slowly. Keys
  // after one that changes the screen wait for the next frame, which has the new rows.
  const pending = useRef<string[]>([]);
  const drain = () => {
    while (pending.current.length) {
      const before = ui.current.stack;
      const ch = pending.current.shift()!;
      if (ch === '\r' || ch === '\n') handleKey('', { return: true } as InkKey);
      else if (ch === '\t') handleKey('', { tab: true } as InkKey);
      else if (ch === '\x7f' || ch === '\b') handleKey('', { backspace: true } as InkKey);
      else handleKey(ch, {} as InkKey);
      const after = ui.current.stack;
      if (after.length !== before.length || after[0] !== before[0] && after[0]!.type === 'list' && before[0]!.type === 'list' && after[0]!.viewId !== before[0]!.viewId) {
        forceRender();
        return;
      }
    }
  };
  useEffect(() => {
    if (pending.current.length) drain();
  });
  // Ink re-subscribes a useInput handler in a passive effect, which can run after
  // the next key arrives: keys would then see the rows of the previous frame. The
  // subscribed handler is stable and calls the latest render's one through a ref.
  const onInput = useRef<(input: string, key: InkKey) => void>(() => undefined);
  onInput.current = (input, key) => {
    if (input.length > 1 && !key.ctrl && !key.meta && !/\x1b/.test(input)) {
      pending.current.push(...input);
      drain();
      return;
    }
    handleKey(input, key);
  };
  const stableOnInput = useRef((input: string, key: InkKey) => {
    if (props.probe) props.probe.inputs++;
    onInput.current(input, key);
  }).current;
  useInput(stableOnInput);
  // Declared after useInput: its effect (attaching the input listener) has run when this one does.
  const latestDiagKey = useRef(diagKey);
  latestDiagKey.current = diagKey;
  useEffect(() => {
    const p = props.probe;
    if (!p) return;
    p.ready = true;
    p.busy = () =>
      gen.current.committed !== gen.current.requested ||
      gen.current.effects !== gen.current.committed ||
      pending.current.length > 0 ||
      dirty.current ||
      (props.diagnose !== undefined && (diagState.current.timer !== undefined || diagState.current.key !== latestDiagKey.current));
    // Unmounted (q, or the test ended): nothing more will happen.
    return () => {
      p.busy = () => false;
    };
  }, [props.probe, props.diagnose]);

  function handleKey(input: string, key: InkKey): void {
    // Read the state as the previous key left it, not as the last frame showed it.
    const stack = ui.current.stack;
    const mode = ui.current.mode;
    const top = stack[stack.length - 1]!;
    const sel = top.type === 'list' ? selOf(top) : 0;
    const selectedRow = top.type === 'list' ? rowSet.rows[sel] : undefined;
    const selectedObject = (): K8sObject | undefined => (selectedRow !== undefined ? view.object?.(selectedRow, ctx) : undefined);
    if (mode.type !== 'normal') {
      const logs = top.type === 'lines' ? top.logs : undefined;
      if (logs && mode.type === 'filter') {
        if (key.escape) logs.search = '';
        else if (key.backspace || key.delete) logs.search = logs.search.slice(0, -1);
        else if (!key.return && !key.ctrl && !key.meta && input) logs.search += input;
        if (key.escape || key.return) {
          setMode({ type: 'normal' });
          if (key.return) {
            const m = logs.nextMatch(width, top.offset - 1);
            if (m !== undefined) updateTop({ offset: m, follow: false });
          }
        } else setMode({ type: 'filter', text: logs.search });
        return;
      }
      if (key.escape) {
        if (mode.type === 'filter') updateTop({ filter: '' } as Partial<ListEntry>);
        setMode({ type: 'normal' });
        return;
      }
      if (key.return) {
        const text = mode.text.trim();
        setMode({ type: 'normal' });
        if (mode.type === 'filter') return;
        if (!text) return;
        const [cmd, ...args] = text.split(/\s+/);
        if (cmd === 'q' || cmd === 'quit' || cmd === 'q!') {
          app.exit();
          return;
        }
        if ((cmd === 'ns' || cmd === 'namespace') && args[0]) {
          switchNamespace(args[0] === 'all' || args[0] === '-A' ? undefined : args[0]);
          return;
        }
        if ((cmd === 'ctx' || cmd === 'context') && args[0]) {
          runShellAction({ type: 'switchContext', context: args[0] });
          return;
        }
        if (!openView(cmd!)) setMessage({ text: `no view named "${cmd}" (press ? for the list)`, tone: 'warn' });
        else setMessage(undefined);
        return;
      }
      if (key.tab && mode.type === 'command') {
        const c = completions(views, mode.text.trim());
        if (c.length) setMode({ type: 'command', text: c[0]! });
        return;
      }
      if (key.backspace || key.delete) {
        const text = mode.text.slice(0, -1);
        setMode({ ...mode, text });
        if (mode.type === 'filter') updateTop({ filter: text, sel: 0, selKey: undefined } as Partial<ListEntry>);
        return;
      }
      if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return;
      if (input) {
        const text = mode.text + input;
        setMode({ ...mode, text });
        if (mode.type === 'filter') updateTop({ filter: text, sel: 0, selKey: undefined } as Partial<ListEntry>);
      }
      return;
    }

    if (top.type === 'lines' && top.logs) {
      const logs = top.logs;
      if (logs.key(input)) {
        updateTop({ title: logs.title(), offset: 0, follow: !logs.previous });
        return;
      }
      if (input === 'f') {
        updateTop({ follow: !top.follow });
        return;
      }
      if (input === '/') {
        setMode({ type: 'filter', text: logs.search });
        return;
      }
      if (input === 'n') {
        const m = logs.nextMatch(width, top.offset);
        if (m !== undefined) updateTop({ offset: m, follow: false });
        return;
      }
    }
    const action = actionFor(input, key);
    if (!action) return;
    if (action !== 'back') setMessage(undefined);
    switch (action) {
      case 'quit':
        app.exit();
        return;
      case 'help':
        setStack((s) => [...s, helpEntry()]);
        return;
      case 'command':
        setMode({ type: 'command', text: '' });
        return;
      case 'back':
        if (top.type === 'list' && top.filter) {
          updateTop({ filter: '' } as Partial<ListEntry>);
          return;
        }
        if (stack.length > 1) {
          if (top.type === 'lines') top.onClose?.();
          setStack((s) => s.slice(0, -1));
        }
        return;
      case 'allNamespaces':
        if (top.type === 'list') switchNamespace(undefined);
        return;
    }
    if (top.type === 'lines') {
      const total = top.render(ctx).length;
      switch (action) {
        case 'down': return scrollLines(top, 1, total);
        case 'up': return scrollLines(top, -1, total);
        case 'pageDown': return scrollLines(top, contentHeight - 1, total);
        case 'pageUp': return scrollLines(top, -(contentHeight - 1), total);
        case 'top': return scrollLines(top, 'top', total);
        case 'bottom': return scrollLines(top, 'bottom', total);
        default: return;
      }
    }
    // list
    const n = rowSet.rows.length;
    const move = (to: number) => {
      const i = Math.max(0, Math.min(n - 1, to));
      updateTop({ sel: i, selKey: rowSet.keys[i], offset } as Partial<ListEntry>);
    };
    switch (action) {
      case 'filter':
        setMode({ type: 'filter', text: top.filter });
        return;
      case 'down': return move(sel + 1);
      case 'up': return move(sel - 1);
      case 'pageDown': return move(sel + tableRows);
      case 'pageUp': return move(sel - tableRows);
      case 'top': return move(0);
      case 'bottom': return move(n - 1);
      case 'sortNext': {
        const cols = view.columns;
        const i = cols.findIndex((c) => c.id === top.sortId);
        updateTop({ sortId: cols[(i + 1) % cols.length]!.id } as Partial<ListEntry>);
        return;
      }
      case 'sortReverse':
        updateTop({ sortDesc: !top.sortDesc } as Partial<ListEntry>);
        return;
      case 'open': {
        if (selectedRow === undefined) return;
        const a = view.enter?.(selectedRow, ctx);
        if (a) return runShellAction(a);
        setStack((s) => [...s, detailEntry(view, rowSet.keys[sel]!)]);
        return;
      }
      case 'yaml': {
        const o = selectedObject();
        if (!o) return;
        setStack((s) => [...s, { type: 'lines', title: `YAML › ${o.kind}/${o.metadata.name}`, offset: 0, render: () => yamlLines(o) }]);
        return;
      }
      case 'events': {
        const o = selectedObject();
        if (!o) return;
        setStack((s) => [...s, { type: 'lines', title: `Events › ${o.kind}/${o.metadata.name}`, offset: 0, render: (c) => objectEventLines(c, o) }]);
        return;
      }
      case 'logs':
        openLogs(selectedRow);
        return;
    }
  }

  // ----- drawing -----
  const headerProps: HeaderProps = { store, namespace, width, noColor, report };
  let title: Line;
  let body: React.ReactElement;
  if (top.type === 'lines') {
    const total = topLines!.length;
    title = [
      { text: ` ${top.title} `, tone: 'accent', bold: true },
      ...(top.logs
        ? [
            { text: top.follow ? ' following ' : ' paused ', tone: top.follow ? ('ok' as const) : ('warn' as const) },
            { text: top.logs.wrap ? ' wrap ' : '', tone: 'muted' as const },
            { text: top.logs.search ? ` /${top.logs.search} ` : '', tone: 'info' as const },
          ]
        : []),
      { text: total > contentHeight ? ` ${top.offset + 1}-${Math.min(total, top.offset + contentHeight)} of ${total}` : '', tone: 'muted' },
    ];
    body = <Lines lines={topLines!} offset={top.offset} height={contentHeight} width={width} noColor={noColor} />;
  } else {
    const columns = namespace ? view.columns.filter((c) => c.id !== 'namespace') : view.columns;
    // Column widths look at up to 5,000 rows: recompute only when the rows or the width change, not on every key.
    const layoutKey = [rowSet, view, namespace, width, findingsIndex, texts];
    const cached = layoutCache.current;
    const colIndex = new Map(view.columns.map((c, i) => [c, i]));
    const laid =
      cached && cached.key.every((k, i) => k === layoutKey[i])
        ? cached.laid
        : layoutColumns(columns, rowSet.rows, ctx, width, (c, r) => {
            const i = colIndex.get(c);
            return i === undefined ? c.value(r, ctx) : texts.values(r)[i]!;
          });
    layoutCache.current = { key: layoutKey, laid };
    const status = kindStatusText(view.kinds, (k) => store.status(k));
    const filterText = top.filter ? `  /${top.filter}` : '';
    title = [
      { text: ` ${view.title} `, tone: 'accent', bold: true },
      { text: `[${namespace ?? 'all'}] `, tone: 'muted' },
      // A kind that could not be read has no count: "0" would read as "nothing there".
      { text: status && rowSet.total === 0 && /forbidden|could not be read|not in this snapshot/.test(status.text) ? '' : `${rowSet.rows.length}${rowSet.rows.length !== rowSet.total ? ` of ${rowSet.total}` : ''}`, tone: undefined },
      { text: filterText, tone: 'info' },
      { text: status ? `  ${status.text}` : '', tone: status?.tone },
      { text: rowSet.error ? `  ${rowSet.error}` : '', tone: 'error' },
    ];
    if (rowSet.rows.length === 0) {
      const why = status
        ? status.text
        : rowSet.total > 0
          ? 'No rows match the filter (Esc clears it).'
          : `No ${view.title.toLowerCase()}${namespace ? ` in namespace ${namespace}` : ''}.`;
      body = (
        <Box flexDirection="column" height={contentHeight}>
          <Lines lines={[line(''), line(seg(`  ${why}`, status?.tone ?? 'muted'))]} offset={0} height={2} width={width} noColor={noColor} />
        </Box>
      );
    } else {
      body = (
        <Table laid={laid} rows={rowSet.rows} ctx={ctx} selected={sel} offset={offset} height={tableRows} sortId={top.sortId} sortDesc={top.sortDesc} width={width} />
      );
    }
  }

  let footer: Line;
  if (mode.type === 'command') {
    const c = completions(views, mode.text.trim()).filter((x) => x !== mode.text.trim()).slice(0, 6);
    footer = [{ text: `:${mode.text}`, bold: true }, { text: '█' }, { text: c.length ? `   ${c.join(' ')}` : '', tone: 'muted' }];
  } else if (mode.type === 'filter') {
    footer = [{ text: `/${mode.text}`, bold: true }, { text: '█' }, { text: '   text, or -l key=value', tone: 'muted' }];
  } else if (message) {
    footer = [{ text: ` ${message.text}`, tone: message.tone }];
  } else if (top.type === 'lines' && top.logs) {
    footer = [{ text: ` ${LOG_BINDINGS.map((b) => `${b.keys[0]} ${b.help}`).join('  ')}  Esc back`, tone: 'muted' }];
  } else {
    footer = [{ text: ' :view  /filter  Enter open  y yaml  e events  o sort  Esc back  ? help  q quit', tone: 'muted' }];
  }

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Header {...headerProps} />
      <Lines lines={[title]} offset={0} height={1} width={width} noColor={noColor} />
      <Box flexDirection="column" height={contentHeight} overflow="hidden">
        {body}
      </Box>
      <Lines lines={[footer]} offset={0} height={1} width={width} noColor={noColor} />
    </Box>
  );
}
