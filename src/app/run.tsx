// Starts the full-screen shell and guarantees the terminal is given back:
// on q, Ctrl-C, SIGTERM, SIGHUP and on a crash.
import { render } from 'ink';
import { App, type AppProps } from './App.js';

const ENTER_ALT = '\x1b[?1049h\x1b[H';
const LEAVE_ALT = '\x1b[?25h\x1b[?1049l';

export async function runShell(props: AppProps): Promise<void> {
  const out = process.stdout;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    try {
      if (process.stdin.isTTY) process.stdin.setRawMode?.(false);
    } catch {
      /* stdin already closed */
    }
    out.write(LEAVE_ALT);
  };
  out.write(ENTER_ALT);
  process.once('exit', restore);
  const instance = render(<App {...props} />, { exitOnCtrlC: false, patchConsole: true, maxFps: 30 });
  const onSignal = (sig: NodeJS.Signals) => {
    instance.unmount();
    restore();
    process.exit(sig === 'SIGTERM' ? 143 : 129);
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  const onCrash = (e: unknown) => {
    try {
      instance.unmount();
    } catch {
      /* already gone */
    }
    restore();
    process.stderr.write(`k8stui: crashed: ${(e as Error)?.message ?? e}\n`);
    if (process.env.K8STUI_DEBUG) process.stderr.write(`${(e as Error)?.stack}\n`);
    process.exit(1);
  };
  process.once('uncaughtException', onCrash);
  process.once('unhandledRejection', onCrash);
  try {
    await instance.waitUntilExit();
  } finally {
    instance.unmount();
    restore();
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  }
}
