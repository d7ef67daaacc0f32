// The `:` prompt: parsing what was typed and completing it with Tab.
// Pure functions over the view registry and the names the shell knows.
import type { ViewDef } from '../../views/types.js';
import { completions, findView } from '../../views/registry.js';

export type Command =
  | { type: 'quit' }
  /** `:ns` alone opens the Namespaces view; `:ns NAME` switches (all / -A = every namespace). */
  | { type: 'namespace'; name: string | undefined; all: boolean }
  | { type: 'context'; name: string }
  /** `:pods`, `:pods app=x` (label selector), `:pods /text` (text filter). */
  | { type: 'view'; view: ViewDef; filter?: string }
  | { type: 'none' }
  | { type: 'error'; message: string };

const NS_WORDS = ['ns', 'namespace'];
const CTX_WORDS = ['ctx', 'context'];

/** A label selector as k9s takes it after a view name: `app=x`, `tier!=web`, `env in (a,b)`, `!canary`. */
function looksLikeSelector(s: string): boolean {
  return /[=!]/.test(s) || /\s(in|notin)\s*\(/.test(s);
}

export function parseCommand(text: string, views: ViewDef[]): Command {
  const t = text.trim();
  if (!t) return { type: 'none' };
  const [cmd, ...rest] = t.split(/\s+/);
  const arg = rest.join(' ');
  if (cmd === 'q' || cmd === 'quit' || cmd === 'q!') return { type: 'quit' };
  if (NS_WORDS.includes(cmd!) && arg) {
    const all = arg === 'all' || arg === '-A';
    return { type: 'namespace', name: all ? undefined : arg, all };
  }
  if (CTX_WORDS.includes(cmd!) && arg) return { type: 'context', name: arg };
  const view = findView(views, cmd!);
  if (!view) return { type: 'error', message: `no view named "${cmd}" (press ? for the list)` };
  if (!arg) return { type: 'view', view };
  if (arg.startsWith('/')) return { type: 'view', view, filter: arg.slice(1) };
  if (looksLikeSelector(arg)) return { type: 'view', view, filter: `-l ${arg}` };
  return { type: 'error', message: `:${cmd} ${arg}: expected a label selector (app=x) or /text` };
}

export interface CompletionSources {
  namespaces(): string[];
  contexts(): string[];
}

/** Candidates for what is typed: view names, or namespace / context names after `ns ` / `ctx `. */
export function commandCandidates(text: string, views: ViewDef[], src: CompletionSources): { prefix: string; names: string[] } {
  const m = text.match(/^(\S+)\s+(\S*)$/);
  if (m && NS_WORDS.includes(m[1]!)) {
    const p = m[2]!;
    return { prefix: `${m[1]} `, names: ['all', ...src.namespaces()].filter((n) => n.startsWith(p)) };
  }
  if (m && CTX_WORDS.includes(m[1]!)) {
    const p = m[2]!;
    return { prefix: `${m[1]} `, names: src.contexts().filter((n) => n.startsWith(p)) };
  }
  if (/\s/.test(text)) return { prefix: '', names: [] };
  return { prefix: '', names: completions(views, text.trim()) };
}

/**
 * Tab: the only candidate, or the longest common prefix of several (then the
 * first candidate when nothing more is common, as before).
 */
export function completeCommand(text: string, views: ViewDef[], src: CompletionSources): string {
  const { prefix, names } = commandCandidates(text, views, src);
  if (names.length === 0) return text;
  const typed = text.slice(prefix.length);
  if (names.length === 1) return prefix + names[0]!;
  let common = names[0]!;
  for (const n of names) while (!n.startsWith(common)) common = common.slice(0, -1);
  return prefix + (common.length > typed.length ? common : names[0]!);
}
