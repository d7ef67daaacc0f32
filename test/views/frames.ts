// Waiting for the state a test asserts, never for a fixed time: poll the last
// frame until it shows what the test needs (diagnostics done, detail open),
// so the views tier passes on a busy machine. The timeout only bounds a
// failure; a passing test returns as soon as the frame is there.
import assert from 'node:assert/strict';

export interface FrameSource {
  lastFrame(): string | undefined;
}

/** Resolve with the first frame matching every pattern; fail with the last frame after `timeoutMs`. */
export async function frameMatching(ui: FrameSource, patterns: RegExp | RegExp[], timeoutMs = 15_000): Promise<string> {
  const list = Array.isArray(patterns) ? patterns : [patterns];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const f = ui.lastFrame() ?? '';
    if (list.every((p) => p.test(f))) return f;
    if (Date.now() > deadline) {
      const missing = list.filter((p) => !p.test(f));
      assert.fail(`no frame matched ${missing.join(', ')} within ${timeoutMs}ms; last frame:\n${f}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}
