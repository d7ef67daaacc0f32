// What happens to every object before it enters the store, whatever its source:
// drop noise (managedFields, last-applied), drop secret material, and make all
// text safe for a terminal.
import type { K8sObject } from '../model/types.js';
import { sanitizeDeep } from '../model/sanitize.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export function ingestObject(obj: K8sObject, kind?: string): K8sObject {
  const meta = obj.metadata;
  if (meta) {
    if ('managedFields' in meta) delete meta.managedFields;
    if (meta.annotations && LAST_APPLIED in meta.annotations) {
      delete meta.annotations[LAST_APPLIED];
    }
  }
  if ((kind ?? obj.kind) === 'Secret') {
    // Keep only the certificate. Never tls.key, never any other data.
    const crt = obj.data?.['tls.crt'];
    const out: K8sObject = {
      apiVersion: obj.apiVersion ?? 'v1',
      kind: 'Secret',
      metadata: meta,
      type: obj.type,
    };
    if (typeof crt === 'string') out.data = { 'tls.crt': crt };
    delete obj.stringData;
    return sanitizeDeep(out);
  }
  return sanitizeDeep(obj);
}
