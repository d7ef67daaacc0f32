// Events about an object, newest first, from one index per store version.
import type { ClusterStore } from '../cluster/store.js';
import type { KubeEvent } from './types.js';
import { parseTime } from './time.js';

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

function index(store: ClusterStore): Map<string, KubeEvent[]> {
  return store.memo('events/byObject', () => {
    const m = new Map<string, KubeEvent[]>();
    for (const e of store.list<KubeEvent>('Event')) {
      const io = e.involvedObject ?? {};
      const key = `${io.kind}/${io.namespace ?? e.metadata.namespace ?? ''}/${io.name}`;
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
 * given, events about an earlier object of the same name are left out.
 */
export function eventsFor(store: ClusterStore, kind: string, namespace: string | undefined, name: string, uid?: string): KubeEvent[] {
  const all = index(store).get(`${kind}/${namespace ?? ''}/${name}`) ?? [];
  if (!uid) return all;
  return all.filter((e) => !e.involvedObject.uid || e.involvedObject.uid === uid);
}
