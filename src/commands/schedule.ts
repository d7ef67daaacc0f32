// `k8stui schedule "<expr>" [--tz ZONE] [--from ISO] [-n N] [-o text|json]`
//
// Prints the next N runs of a CronJob schedule exactly as kube-controller-
// manager would start them (robfig/cron v3 ParseStandard, Next() walked in
// the zone's wall clock), or the error the API server would return when a
// CronJob with that spec.schedule and spec.timeZone is created (exit 2).
import { aggregateErrors, describeSchedule, formatWall, isoUTC, loadLocation, nextN, parseCronJobSchedule, validateCronJobSchedule, zoneVersionNote, type Zone, CONTROLLER_ZONE } from '../model/cron.js';

export interface ScheduleIO {
  stdout(s: string): void;
  stderr(s: string): void;
}

const USAGE = 'usage: k8stui schedule "<expr>" [--tz ZONE] [--from ISO] [-n N] [-o text|json]';

const OPTION_SHAPE = /^(-[A-Za-z]\S*|--[A-Za-z][\w-]*(=.*)?)$/s;

interface Args {
  expr?: string;
  tz?: string;
  from?: string;
  n: number;
  output: 'text' | 'json';
  help: boolean;
}

function parseArgs(argv: string[]): Args | { error: string } {
  const a: Args = { n: 10, output: 'text', help: false };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      // Everything after -- is the schedule, even when it starts with a dash.
      positional.push(...argv.slice(i + 1));
      break;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string | undefined => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case '-h':
      case '--help':
        a.help = true;
        break;
      case '--tz': {
        const v = value();
        if (v === undefined) return { error: 'option --tz needs a time zone name' };
        a.tz = v;
        break;
      }
      case '--from': {
        const v = value();
        if (v === undefined) return { error: 'option --from needs an ISO-8601 time' };
        a.from = v;
        break;
      }
      case '-n':
      case '--count': {
        const v = value();
        if (v === undefined || !/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 1000) return { error: `-n must be a whole number from 1 to 1000, not ${JSON.stringify(v ?? '')}` };
        a.n = Number(v);
        break;
      }
      case '-o':
      case '--output': {
        const v = value();
        if (v !== 'text' && v !== 'json') return { error: `-o must be text or json, not ${JSON.stringify(v ?? '')}` };
        a.output = v;
        break;
      }
      default:
        // An option looks like -x or --name[=value]. Anything else that starts
        // with a dash ("-5 * * * *", "-5") is a schedule: the parser decides.
        if (OPTION_SHAPE.test(arg)) return { error: `unknown option ${arg.split('=')[0]}` };
        positional.push(arg);
    }
  }
  if (positional.length > 1) return { error: `expected one schedule, got ${positional.length} arguments (quote the expression: "0 2 * * *")` };
  if (positional.length === 1) a.expr = positional[0];
  return a;
}

function json(v: unknown): string {
  return `${JSON.stringify(v)}\n`;
}

/**
 * Run the command. `argv` is everything after `schedule`. `opts.now` replaces
 * the clock as the default --from (tests). Returns the exit code: 0, or 2 for
 * a usage error or a schedule the API server would reject.
 */
export function runSchedule(argv: string[], out: ScheduleIO, opts: { now?: number } = {}): number {
  const a = parseArgs(argv);
  if ('error' in a) {
    out.stderr(`k8stui schedule: ${a.error}\n${USAGE}\n`);
    return 2;
  }
  if (a.help) {
    out.stdout(
      [
        USAGE,
        '',
        'Prints the next runs of a CronJob schedule with the Kubernetes CronJob controller\'s',
        'semantics (robfig/cron v3: 5 fields or @yearly/@annually/@monthly/@weekly/@daily/',
        '@midnight/@hourly/@every <duration>; day of week 0-6; no L, W, # or H), or the',
        'error the API server would give for that schedule (exit 2).',
        '',
        '  --tz ZONE    spec.timeZone (IANA name); without it the controller uses its own zone (assumed UTC)',
        '  --from ISO   list runs after this time (default: now)',
        '  -n N         how many runs (default 10)',
        '  -o FORMAT    text or json: {"schedule":…,"timeZone":…,"next":[ISO…]} or {"error":…}',
        '',
        'A schedule that starts with a dash ("-5 * * * *") is taken as the schedule, as is',
        'anything after --. --tz "" is checked like spec.timeZone: "" (the API server rejects it).',
        '',
      ].join('\n'),
    );
    return 0;
  }
  if (a.expr === undefined) {
    out.stderr(`k8stui schedule: missing the schedule expression\n${USAGE}\n`);
    return 2;
  }
  let from = opts.now ?? Date.now();
  if (a.from !== undefined) {
    const t = Date.parse(a.from);
    if (Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}/.test(a.from)) {
      out.stderr(`k8stui schedule: --from ${JSON.stringify(a.from)} is not an ISO-8601 time (e.g. 2026-03-08T00:00:00Z)\n`);
      return 2;
    }
    from = t;
  }
  const errs = validateCronJobSchedule(a.expr, a.tz);
  if (errs.length) {
    const message = aggregateErrors(errs);
    if (a.output === 'json') out.stdout(json({ error: message }));
    else out.stderr(`k8stui schedule: ${errs.length > 1 ? `the API server would reject this CronJob:\n${errs.map((e) => `* ${e}`).join('\n')}` : message}\n`);
    return 2;
  }
  const parsed = parseCronJobSchedule(a.expr, a.tz);
  if (!parsed.ok) {
    // Validation passed, so this cannot happen; say so rather than guess.
    const message = `spec.schedule: ${parsed.error}`;
    if (a.output === 'json') out.stdout(json({ error: message }));
    else out.stderr(`k8stui schedule: ${message}\n`);
    return 2;
  }
  const runs = nextN(parsed.schedule, from, a.n);
  const note = a.tz !== undefined ? zoneVersionNote(a.tz) : undefined;
  if (a.output === 'json') {
    out.stdout(json({ schedule: a.expr, timeZone: a.tz ?? null, next: runs.map(isoUTC), ...(note ? { note } : {}) }));
    return 0;
  }
  let zone: Zone = CONTROLLER_ZONE;
  if (a.tz !== undefined) {
    const l = loadLocation(a.tz);
    if (l.ok) zone = l.zone;
  }
  const lines: string[] = [];
  lines.push(`schedule   ${a.expr}  (${describeSchedule(parsed.schedule)})`);
  lines.push(
    a.tz !== undefined
      ? `time zone  ${a.tz}`
      : "time zone  none: the CronJob follows kube-controller-manager's local zone, assumed UTC here (set spec.timeZone to be sure)",
  );
  if (note) lines.push(`note       ${note}`);
  lines.push(`from       ${isoUTC(from)}`);
  if (runs.length === 0) {
    lines.push('next runs  never: no time within five years matches (the controller reports InvalidSchedule and starts no Job)');
  } else {
    lines.push(`next ${runs.length === 1 ? 'run' : `${runs.length} runs`}:`);
    const w = String(runs.length).length;
    runs.forEach((t, i) => {
      lines.push(`  ${String(i + 1).padStart(w)}  ${isoUTC(t)}  ${formatWall(t, zone)}`);
    });
    if (runs.length < a.n) lines.push(`  (no further run within five years of the last one)`);
  }
  out.stdout(`${lines.join('\n')}\n`);
  return 0;
}
