// renderWithProviders: render the shell (or a view) with a store, a fixed clock and a terminal size.
// Tests wait for states, never for fixed times: press() returns once the shell
// received the key and finished the work it caused (queued keys, store changes
// drawn, diagnostics run); settle() waits for that without a key; waitFor()
// waits for a frame that matches.
import { render } from 'ink-testing-library';
import { App, type AppProps, type ShellProbe } from '../../src/app/App.js';
import { allViews } from '../../views/registry.js';
import type { ClusterStore } from '../../src/cluster/store.js';

export const KEYS = {
  enter: '\r',
  escape: '\x1b',
  down: '\x1b[B',
  up: '\x1b[A',
  left: '\x1b[D',
  right: '\x1b[C',
  pageDown: '\x1b[6~',
  tab: '\t',
  backspace: '\x7f',
  ctrlC: '\x03',
  ctrlW: '\x17',
};

/** Upper bound for any wait: only reached when the awaited state never comes (then the test fails with the frame). */
export const WAIT_LIMIT_MS = 30_000;

/** Yield to the event loop (timers, immediates) once. Not a delay: it returns as soon as the loop turns. */
const turn = () => new Promise<void>((r) => setTimeout(r, 1));

/** Poll `cond` on every turn of the event loop until it holds; fail with `describe()` after WAIT_LIMIT_MS. */
export async function until(cond: () => boolean, describe: () => string, limitMs = WAIT_LIMIT_MS): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > limitMs) throw new Error(`timed out after ${limitMs} ms waiting for ${describe()}`);
    await turn();
  }
}

export function newProbe(): ShellProbe {
  return { ready: false, inputs: 0, busy: () => true };
}

export function renderWithProviders(store: ClusterStore, opts: Partial<AppProps> & { columns?: number; rows?: number } = {}) {
  const { columns = 100, rows = 24, ...rest } = opts;
  const probe = rest.probe ?? newProbe();
  const r = render(
    <App
      store={store}
      views={rest.views ?? allViews()}
      noColor={true}
      fixedNow={'fixedNow' in rest ? rest.fixedNow : Date.parse('2026-11-20T10:30:00Z')}
      size={{ columns, rows }}
      refreshMs={10}
      {...rest}
      probe={probe}
    />,
  );
  const frame = () => r.lastFrame() ?? '';
  /** The shell is ready for keys and has no work outstanding; the last frame shows the current state. */
  const settle = async () => {
    await until(() => probe.ready && !probe.busy(), () => `the shell to settle; last frame:\n${frame()}`);
  };
  /** Send each key (or chunk) and wait until the shell handled it and settled. */
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      await until(() => probe.ready, () => 'the shell to accept keys');
      const before = probe.inputs;
      r.stdin.write(k);
      await until(() => probe.inputs > before, () => `key ${JSON.stringify(k)} to arrive; last frame:\n${frame()}`);
      await settle();
    }
  };
  const type = async (text: string) => {
    for (const ch of text) await press(ch);
  };
  /**
   * Wait for a drawn frame matching `re`; returns it. It does not wait for
   * background work to finish (a fetch in flight, a diagnostics run), so it can
   * catch transient states such as `loading…`.
   */
  const waitFor = async (re: RegExp | ((f: string) => boolean)) => {
    const ok = (f: string) => (typeof re === 'function' ? re(f) : re.test(f));
    await until(() => probe.ready && ok(frame()), () => `a frame matching ${String(re)}; last frame:\n${frame()}`);
    return frame();
  };
  return { ...r, probe, press, type, frame, settle, waitFor };
}
