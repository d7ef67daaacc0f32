// Everything that comes from the cluster is untrusted text. These helpers make
// it safe to print: no escape sequence may move the cursor, set the window
// title, or hide text.

// CSI (ESC [ ... final), OSC (ESC ] ... BEL|ST), DCS/SOS/PM/APC (ESC P|X|^|_ ... ST),
// other two-byte ESC sequences, and the 8-bit C1 forms of the same.
// eslint-disable-next-line no-control-regex
const ESCAPES = /(?:\x1b\[|\x9b)[\x20-\x3f]*[\x40-\x7e]?|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[\s\S]*?(?:\x07|\x1b\\|\x9c|$)|\x1b[\x20-\x2f]*[\x30-\x7e]?/g;
// C0 controls except \t and \n, DEL, C1 controls; plus bidi overrides that can
// reorder what a person reads.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const NEEDS_WORK = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

/** Remove escape sequences and control characters; keeps \n and \t. */
export function sanitizeText(s: string): string {
  if (!NEEDS_WORK.test(s)) return s;
  return s.replace(ESCAPES, '').replace(CONTROLS, '');
}

/** For one-line cells: also folds newlines and tabs into spaces. */
export function sanitizeLine(s: string): string {
  const t = sanitizeText(s);
  return t.includes('\n') || t.includes('\t') ? t.replace(/[\n\t]+/g, ' ') : t;
}

/** Keys already known to be clean (object keys repeat: metadata, name, labels…); bounded. */
const CLEAN_KEYS = new Set<string>();

/** Deeply sanitize every string (keys too) of a JSON-like value, in place where possible. */
export function sanitizeDeep<T>(v: T): T {
  if (typeof v === 'string') return sanitizeText(v) as unknown as T;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x === 'string') {
        if (NEEDS_WORK.test(x)) v[i] = sanitizeText(x);
      } else if (x !== null && typeof x === 'object') {
        v[i] = sanitizeDeep(x);
      }
    }
    return v;
  }
  if (v && typeof v === 'object') {
    // Hot path of every ingest (10k pods: ~1.5 M strings): no Object.keys
    // array per object, one regex test per string, keys tested once.
    const o = v as Record<string, unknown>;
    let dirtyKeys: string[] | undefined;
    for (const key in o) {
      if (!Object.prototype.hasOwnProperty.call(o, key)) continue;
      const val = o[key];
      if (typeof val === 'string') {
        if (NEEDS_WORK.test(val)) o[key] = sanitizeText(val);
      } else if (val !== null && typeof val === 'object') {
        const cleanVal = sanitizeDeep(val);
        if (cleanVal !== val) o[key] = cleanVal;
      }
      if (!CLEAN_KEYS.has(key)) {
        if (NEEDS_WORK.test(key)) (dirtyKeys ??= []).push(key);
        else if (CLEAN_KEYS.size < 10_000) CLEAN_KEYS.add(key);
      }
    }
    // Renamed keys go last, in their original order, as before.
    if (dirtyKeys) {
      for (const key of dirtyKeys) {
        const val = o[key];
        delete o[key];
        o[sanitizeText(key)] = val;
      }
    }
  }
  return v;
}
