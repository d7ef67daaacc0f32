// :pvc — PersistentVolumeClaims with the class they really get (the default
// StorageClass when none is named), the StatefulSet ordinal they belong to,
// and the pods that mount them.
import type { K8sObject } from '../src/model/types.js';
import { type PersistentVolumeClaim, describeClass, pvcCapacity, pvcPhase, pvcRequest, resolveStorageClass } from '../src/model/pvc.js';
import { claimOwner, podsUsingClaim } from '../src/model/statefulset.js';
import { podStateText } from '../src/model/pod.js';
import type { Line, Tone, ViewCtx, ViewDef } from './types.js';
import { ageColumn, describeLines, fitMarker, kv, nameColumn, namespaceColumn, problemsColumn, refIn, refTo } from './common.js';
import { findingLines } from './diagnostics.js';
import { line, seg, withRef } from './widgets/text.js';

function phaseTone(phase: string): Tone | undefined {
  if (phase === 'Bound') return 'ok';
  if (phase === 'Lost') return 'error';
  if (phase === 'Terminating') return 'muted';
  return 'warn';
}

export function claimOwnerText(ctx: ViewCtx, pvc: K8sObject): string {
  const o = claimOwner(ctx.store, pvc);
  if (!o) return '';
  return `sts/${o.sts.metadata.name}[${o.ordinal}]${o.inRange ? '' : ' leftover'}`;
}

export function pvcClassText(ctx: ViewCtx, pvc: PersistentVolumeClaim): string {
  return describeClass(resolveStorageClass(ctx.store, pvc.spec?.storageClassName));
}

export const pvcsView: ViewDef<PersistentVolumeClaim> = {
  id: 'pvc',
  title: 'PersistentVolumeClaims',
  aliases: ['pvc', 'pvcs', 'persistentvolumeclaim', 'persistentvolumeclaims'],
  kinds: ['PersistentVolumeClaim', 'StorageClass', 'StatefulSet', 'Pod'],
  namespaced: true,
  defaultSort: 'name',
  columns: [
    namespaceColumn<PersistentVolumeClaim>((p) => p),
    nameColumn<PersistentVolumeClaim>((p) => p),
    { id: 'status', header: 'STATUS', priority: 0, minWidth: 11, value: (p) => pvcPhase(p), tone: (p) => phaseTone(pvcPhase(p)) },
    { id: 'capacity', header: 'CAPACITY', priority: 1, align: 'right', value: (p) => pvcCapacity(p) ?? pvcRequest(p) ?? '' },
    { id: 'class', header: 'STORAGECLASS', priority: 2, maxWidth: 32, fit: fitMarker, value: (p, ctx) => pvcClassText(ctx, p), tone: (p, ctx) => (resolveStorageClass(ctx.store, p.spec?.storageClassName).exists === false ? 'error' : undefined) },
    { id: 'owner', header: 'OWNER', priority: 3, minWidth: 12, maxWidth: 32, value: (p, ctx) => claimOwnerText(ctx, p), tone: (p, ctx) => (claimOwner(ctx.store, p)?.inRange === false ? 'warn' : undefined) },
    { id: 'usedby', header: 'USED BY', priority: 4, maxWidth: 32, value: (p, ctx) => podsUsingClaim(ctx.store, p.metadata.namespace, p.metadata.name).map((x) => x.metadata.name).join(',') || '-' },
    { id: 'volume', header: 'VOLUME', priority: 5, maxWidth: 44, value: (p) => p.spec?.volumeName ?? '' },
    { id: 'volumemode', header: 'VOLUMEMODE', priority: 6, wide: true, value: (p) => p.spec?.volumeMode ?? '<unset>' },
    { id: 'access', header: 'ACCESS MODES', priority: 6, value: (p) => (p.status?.accessModes ?? p.spec?.accessModes ?? []).map((m) => ({ ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' })[m] ?? m).join(',') },
    ageColumn<PersistentVolumeClaim>((p) => p),
    problemsColumn<PersistentVolumeClaim>((p) => p, 'PersistentVolumeClaim'),
  ],
  rows: (ctx) => ctx.store.list<PersistentVolumeClaim>('PersistentVolumeClaim', ctx.namespace),
  key: (p) => `${p.metadata.namespace}/${p.metadata.name}`,
  object: (p) => p,
  detail: (p, ctx) => pvcDetailLines(p, ctx),
};

export function pvcDetailLines(p: PersistentVolumeClaim, ctx: ViewCtx): Line[] {
  const cls = resolveStorageClass(ctx.store, p.spec?.storageClassName);
  const owner = claimOwner(ctx.store, p);
  const used = podsUsingClaim(ctx.store, p.metadata.namespace, p.metadata.name);
  const phase = pvcPhase(p);
  const extra: Line[] = [
    line(seg('Status: '.padEnd(22), 'muted'), seg(phase, phaseTone(phase))),
    kv('Requested', pvcRequest(p) ?? '-'),
    kv('Capacity', pvcCapacity(p) ?? '-'),
    kv('Access modes', (p.spec?.accessModes ?? []).join(', ') || '-'),
    p.spec?.volumeName ? withRef(kv('Volume', p.spec.volumeName), refIn(ctx, 'PersistentVolume', undefined, p.spec.volumeName)) : kv('Volume', '<none>'),
    ((l: Line) => (cls.sc ? withRef(l, refTo('StorageClass', undefined, cls.sc.metadata.name)) : l))(
      kv('StorageClass', `${p.spec?.storageClassName === undefined || p.spec?.storageClassName === null ? '<unset> → ' : ''}${describeClass(cls)}`, cls.exists === false ? 'error' : undefined),
    ),
  ];
  if (cls.sc) extra.push(kv('  provisioner', `${cls.sc.provisioner ?? '?'}  ${cls.sc.volumeBindingMode ?? 'Immediate'}  reclaim ${cls.sc.reclaimPolicy ?? 'Delete'}`));
  if (owner) {
    extra.push(
      withRef(
        kv('StatefulSet', `${owner.sts.metadata.name}, template ${owner.template}, ordinal ${owner.ordinal}${owner.inRange ? '' : ' (outside the current range: left after a scale-down)'}`, owner.inRange ? undefined : 'warn'),
        refTo('StatefulSet', p.metadata.namespace, owner.sts.metadata.name),
      ),
    );
  }
  // One line per pod that mounts the claim, each opening its pod.
  if (used.length === 0) extra.push(kv('Used by', 'no pod'));
  used.forEach((x, i) => extra.push(withRef(kv(i === 0 ? 'Used by' : '', `${x.metadata.name} (${podStateText(x)})`), refTo('Pod', x.metadata.namespace, x.metadata.name))));
  const findings = ctx.findingsFor?.('PersistentVolumeClaim', p.metadata.namespace, p.metadata.name) ?? [];
  const ownerFindings = owner ? (ctx.findingsFor?.('StatefulSet', p.metadata.namespace, owner.sts.metadata.name) ?? []).filter((f) => f.message.includes(p.metadata.name)) : [];
  const head = findingLines([...findings, ...ownerFindings], ctx);
  // describeLines ends with the claim's events; the provisioner's story is there.
  const lines = describeLines(p, ctx, extra);
  return [...head, ...lines];
}
