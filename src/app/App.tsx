// The shell as Ink draws it: the header, the current screen, the footer.
// All state and key handling live in the Shell controller (shell.ts) and the
// navigation reducer (nav.ts); this component subscribes to the controller
// and draws one frame per change.
import React, { useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import { Box, useApp, useInput, useStdout } from 'ink';
import type { ClusterStore } from '../cluster/store.js';
import type { K8sObject } from '../model/types.js';
import type { LineRef, ViewDef } from '../../views/types.js';
import { Header } from '../../views/widgets/Header.js';
import { Shell, type DiagnoseFn, type LiveControl } from './shell.js';
import type { ScreenSource } from '../screens/source.js';
import { top } from './nav.js';
import { ListScreen } from './screens/ListScreen.js';
import { LinesScreen } from './screens/LinesScreen.js';
import { Footer } from './screens/Footer.js';
import { ErrorBoundary } from './screens/ErrorBoundary.js';

export type { LiveControl } from './shell.js';

type InkKey = Parameters<Parameters<typeof useInput>[0]>[1];

export interface AppProps {
  /** The screens computed in the data thread (the dashboard). */
  source?: ScreenSource;
  /** Without a source: the store on this thread, which the views read here (tests). */
  store?: ClusterStore;
  views: ViewDef[];
  initialView?: string;
  /** Fixed evaluation time (snapshot capture time or --now); otherwise the clock. */
  fixedNow?: number;
  noColor: boolean;
  live?: LiveControl;
  /** The diagnostics run: a report, or a Promise of one (diagnostics in a worker thread). */
  diagnose?: DiagnoseFn;
  /**
   * The whole object for `y` (YAML): the store may keep only the fields the
   * views read. Live: a GET; snapshot: re-read from the file. Absent, or
   * resolving to undefined: the store's object is shown.
   */
  fullObject?(ref: LineRef): Promise<K8sObject | undefined>;
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
 * is still outstanding (a change not yet drawn, store changes waiting for the
 * refresh timer, a diagnostics run due or in flight, an object being fetched).
 */
export interface ShellProbe {
  ready: boolean;
  inputs: number;
  busy(): boolean;
  /** The controller, for tests that read state directly. */
  shell?: Shell;
}

export function App(props: AppProps): React.ReactElement {
  const app = useApp();
  const { stdout } = useStdout();
  const shellRef = useRef<Shell | undefined>(undefined);
  if (!shellRef.current) {
    shellRef.current = new Shell({
      source: props.source,
      store: props.store,
      views: props.views,
      initialView: props.initialView,
      fixedNow: props.fixedNow,
      noColor: props.noColor,
      live: props.live,
      diagnose: props.diagnose,
      fullObject: props.fullObject,
      refreshMs: props.refreshMs,
      size: props.size ?? { columns: stdout.columns || 80, rows: stdout.rows || 24 },
      exit: () => app.exit(),
    });
  }
  const shell = shellRef.current;
  const version = useSyncExternalStore(shell.subscribe, shell.getVersion);

  useEffect(() => {
    shell.start();
    return () => shell.stop();
  }, [shell]);

  useEffect(() => {
    if (props.size) return;
    const onResize = () => shell.setSize({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout, props.size, shell]);

  // One stable handler: keys read the controller's current state, never a render's closure.
  const [onInput] = useState(() => (input: string, key: InkKey) => shell.key(input, key));
  useInput(onInput);

  // The version this frame shows; the probe compares it with the controller's.
  const drawn = useRef(-1);
  useLayoutEffect(() => {
    drawn.current = version;
  });
  // Declared after useInput: its effect (attaching the input listener) has run when this one does.
  useEffect(() => {
    const p = props.probe;
    if (!p) return;
    p.shell = shell;
    p.busy = () => drawn.current !== shell.version || shell.busy();
    p.ready = true;
    Object.defineProperty(p, 'inputs', { get: () => shell.inputs, configurable: true });
    return () => {
      p.busy = () => false;
    };
  }, [props.probe, shell]);

  const width = shell.width;
  const screen = top(shell.nav);
  const header = shell.header();
  return (
    <Box flexDirection="column" width={width} height={shell.height}>
      <Header
        store={header}
        namespace={shell.nav.namespace}
        width={width}
        noColor={props.noColor}
        report={header.summary ? { summary: header.summary } : undefined}
        now={props.fixedNow}
        totals={shell.nav.totals}
        progress={shell.progress()}
      />
      <Box flexDirection="column" height={shell.contentHeight + 1}>
        <ErrorBoundary key={screen.id} width={width} noColor={props.noColor} onError={(e) => shell.fail('drawing this screen', e)}>
          {screen.type === 'list' ? <ListScreen shell={shell} /> : <LinesScreen shell={shell} screen={screen} />}
        </ErrorBoundary>
      </Box>
      <Footer shell={shell} />
    </Box>
  );
}
