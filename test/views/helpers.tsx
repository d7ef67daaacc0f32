// renderWithProviders: render the shell (or a view) with a store, a fixed clock and a terminal size.
import { render } from 'ink-testing-library';
import { App, type AppProps } from '../../src/app/App.js';
import { allViews } from '../../views/registry.js';
import type { ClusterStore } from '../../src/cluster/store.js';

export const KEYS = {
  enter: '\r',
  escape: '\x1b',
  down: '\x1b[B',
  up: '\x1b[A',
  pageDown: '\x1b[6~',
  tab: '\t',
  backspace: '\x7f',
  ctrlC: '\x03',
};

export const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

export function renderWithProviders(store: ClusterStore, opts: Partial<AppProps> & { columns?: number; rows?: number } = {}) {
  const { columns = 100, rows = 24, ...rest } = opts;
  const r = render(
    <App store={store} views={rest.views ?? allViews()} noColor={true} fixedNow={rest.fixedNow ?? Date.parse('2026-11-20T10:30:00Z')} size={{ columns, rows }} refreshMs={10} {...rest} />,
  );
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      r.stdin.write(k);
      await tick(k === KEYS.escape ? 60 : 25);
    }
  };
  const type = async (text: string) => {
    for (const ch of text) await press(ch);
  };
  const frame = () => r.lastFrame() ?? '';
  return { ...r, press, type, frame };
}
