// Events about an object, newest first, from one index per store version.
import type { ClusterStore } from '../cluster/store.js';
import type { KubeEvent } from './types.js';
import { parseTime } from './time.js';
import { lookupKind } from '../cluster/kinds.js';

/** When an event last happened, whichever field the reporter filled. */
export function eventTime(e: KubeEvent): number {
  return (
    parseTime(e.series?.lastObservedTime) ??
    parseTime(e.lastTimestamp) ??
    parseTime(e.eventTime) ??
    parseTime(e.firstTimestamp) ??
    parseTime(e.metadata.creationTimestamp) ??
    0
  );
}

export function eventCount(e: KubeEvent): number {
  return e.series?.count ?? e.count ?? 1;
}

/**
 * The namespace of the object an event is about. Events about cluster-scoped
 * objects (a Node from the kubelet or the node lifecycle controller, a
 * PersistentVolume from the PV controller) carry no involvedObject.namespace
 * and are filed in `default` (client-go's recorder: metav1.NamespaceDefault
 * when the reference has no namespace; core/v1 validation allows only "" or
 * "default" then). A namespaced object's event without one (old reporters) is
 * in its object's namespace.
 */
export function involvedNamespace(e: KubeEvent): string {
  const io = e.involvedObject ?? {};
  if (io.namespace) return io.namespace;
  const k = lookupKind(io.kind);
  if (k && !k.namespaced) return '';
  return e.metadata.namespace ?? '';
}

function index(store: ClusterStore): Map<string, KubeEvent[]> {
  return store.memo('events/byObject', () => {
    const m = new Map<string, KubeEvent[]>();
    for (const e of store.list<KubeEvent>('Event')) {
      const io = e.involvedObject ?? {};
      const key = `${io.kind}/${involvedNamespace(e)}/${io.name}`;
      let arr = m.get(key);
      if (!arr) m.set(key, (arr = []));
      arr.push(e);
    }
    for (const arr of m.values()) arr.sort((a, b) => eventTime(b) - eventTime(a));
    return m;
  });
}

/**
 * Events whose involvedObject is this object, newest first. When a uid is
 * given, events about an earlier object of the same name are left out. A
 * cluster-scoped object's events are found wherever they are filed (see
 * involvedNamespace).
 */
export function eventsFor(store: ClusterStore, kind: string, namespace: string | undefined, name: string, uid?: string): KubeEvent[] {
  const k = lookupKind(kind);
  const ns = k && !k.namespaced ? '' : (namespace ?? '');
  const all = index(store).get(`${kind}/${ns}/${name}`) ?? [];
  if (!uid) return all;
  // The kubelet and kube-proxy name their Node by a reference whose uid is the node's name
  // (kubelet.go: nodeRef UID: types.UID(nodeName)); the node lifecycle controller uses the real uid.
  return all.filter((e) => !e.involvedObject.uid || e.involvedObject.uid === uid || (kind === 'Node' && e.involvedObject.uid === name));
}
