// :pv and :sc — PersistentVolumes and StorageClasses with kubectl's columns
// (pkg/printers/internalversion/printers.go persistentVolumeColumnDefinitions
// and printPersistentVolume: NAME, CAPACITY, ACCESS MODES, RECLAIM POLICY,
// STATUS, CLAIM, STORAGECLASS, VOLUMEATTRIBUTESCLASS, REASON, AGE, -o wide
// VOLUMEMODE; storageClassColumnDefinitions and printStorageClass: NAME with
// "(default)", PROVISIONER, RECLAIMPOLICY, VOLUMEBINDINGMODE,
// ALLOWVOLUMEEXPANSION, AGE).
import type { K8sObject } from '../src/model/types.js';
import { type PersistentVolumeClaim, type StorageClass, defaultStorageClass, isDefaultStorageClass } from '../src/model/pvc.js';
import type { Column, Line, Tone, ViewCtx, ViewDef } from './types.js';
import { ageColumn, describeLines, fitMarker, kv, nameColumn, problemsColumn, refIn, refTo, section } from './common.js';
import { findingLines } from './diagnostics.js';
import { tableLines } from './widgets/tableLines.js';
import { line, seg, withRef } from './widgets/text.js';

export interface PersistentVolume extends K8sObject {
  spec?: {
    capacity?: Record<string, string>;
    accessModes?: string[];
    persistentVolumeReclaimPolicy?: string;
    claimRef?: { kind?: string; namespace?: string; name?: string; uid?: string };
    storageClassName?: string;
    volumeAttributesClassName?: string | null;
    volumeMode?: string;
    csi?: { driver?: string; volumeHandle?: string };
    [k: string]: unknown;
  };
  status?: { phase?: string; reason?: string; message?: string; [k: string]: unknown };
}

const ACCESS_SHORT: [string, string][] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/** kubectl's access modes cell: RWO,ROX,RWX,RWOP in that order, each once. */
export function accessModesText(modes: string[] | undefined): string {
  const m = new Set(modes ?? []);
  return ACCESS_SHORT.filter(([long]) => m.has(long)).map(([, short]) => short).join(',');
}

/** STATUS: the phase, or Terminating once deletion started (printPersistentVolume). */
export function pvStatus(pv: PersistentVolume): string {
  return pv.metadata.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? '');
}

function pvStatusTone(pv: PersistentVolume): Tone | undefined {
  switch (pvStatus(pv)) {
    case 'Bound':
      return 'ok';
    case 'Available':
      return undefined;
    case 'Released':
      return 'warn';
    case 'Failed':
      return 'error';
    default:
      return 'muted';
  }
}

/** CLAIM: `namespace/name` of spec.claimRef. */
export function pvClaim(pv: PersistentVolume): string {
  const c = pv.spec?.claimRef;
  return c ? `${c.namespace ?? ''}/${c.name ?? ''}` : '';
}

/** STORAGECLASS: spec.storageClassName, or the beta annotation older volumes carry. */
export function pvClass(pv: PersistentVolume): string {
  return pv.spec?.storageClassName || pv.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] || '';
}

const pvSelf = (o: PersistentVolume) => o;

export const persistentVolumeColumns: Column<PersistentVolume>[] = [
  nameColumn(pvSelf),
  { id: 'capacity', header: 'CAPACITY', priority: 1, align: 'right', value: (pv) => pv.spec?.capacity?.storage ?? '' },
  { id: 'access', header: 'ACCESS MODES', priority: 3, value: (pv) => accessModesText(pv.spec?.accessModes) },
  { id: 'reclaim', header: 'RECLAIM POLICY', priority: 3, value: (pv) => pv.spec?.persistentVolumeReclaimPolicy ?? '' },
  { id: 'status', header: 'STATUS', priority: 0, value: pvStatus, tone: pvStatusTone },
  // The claim is what a user follows next: cut in the middle, never dropped.
  { id: 'claim', header: 'CLAIM', priority: 0, minWidth: 16, maxWidth: 60, value: pvClaim, fit: nameColumn(pvSelf).fit },
  { id: 'class', header: 'STORAGECLASS', priority: 2, maxWidth: 32, value: pvClass },
  { id: 'vac', header: 'VOLUMEATTRIBUTESCLASS', priority: 6, value: (pv) => pv.spec?.volumeAttributesClassName ?? '<unset>' },
  { id: 'reason', header: 'REASON', priority: 4, maxWidth: 40, value: (pv) => pv.status?.reason ?? '', tone: () => 'error' },
  ageColumn(pvSelf),
  problemsColumn(pvSelf, 'PersistentVolume'),
  { id: 'volumemode', header: 'VOLUMEMODE', priority: 5, wide: true, value: (pv) => pv.spec?.volumeMode ?? '<unset>' },
];

function pvSource(pv: PersistentVolume): string {
  const spec = pv.spec ?? {};
  if (spec.csi) return `CSI ${spec.csi.driver ?? '?'} ${spec.csi.volumeHandle ?? ''}`.trim();
  const known = ['hostPath', 'local', 'nfs', 'awsElasticBlockStore', 'gcePersistentDisk', 'azureDisk', 'azureFile', 'iscsi', 'fc', 'cephfs', 'rbd'];
  const k = known.find((x) => spec[x] !== undefined);
  if (!k) return '-';
  const v = spec[k] as Record<string, unknown>;
  const where = v.path ?? v.volumeID ?? v.pdName ?? v.diskName ?? v.server ?? '';
  return `${k}${where ? ` ${String(where)}` : ''}`;
}

export function persistentVolumeDetailLines(pv: PersistentVolume, ctx: ViewCtx): Line[] {
  const c = pv.spec?.claimRef;
  const claimLine = kv('Claim', c ? `${c.namespace}/${c.name}` : '<none>');
  const cls = pvClass(pv);
  const clsLine = kv('StorageClass', cls || '<none>');
  const extra: Line[] = [
    kv('Status', `${pvStatus(pv)}${pv.status?.reason ? `: ${pv.status.reason}` : ''}${pv.status?.message ? ` (${pv.status.message})` : ''}`, pvStatusTone(pv)),
    c?.name ? withRef(claimLine, refIn(ctx, c.kind ?? 'PersistentVolumeClaim', c.namespace, c.name)) : claimLine,
    cls ? withRef(clsLine, refIn(ctx, 'StorageClass', undefined, cls)) : clsLine,
    kv('Capacity', pv.spec?.capacity?.storage ?? '-'),
    kv('Access modes', (pv.spec?.accessModes ?? []).join(', ') || '-'),
    kv('Reclaim policy', pv.spec?.persistentVolumeReclaimPolicy ?? '-', pv.spec?.persistentVolumeReclaimPolicy === 'Delete' ? undefined : 'muted'),
    kv('Volume mode', pv.spec?.volumeMode ?? 'Filesystem'),
    kv('Source', pvSource(pv)),
  ];
  if (pvStatus(pv) === 'Released') extra.push(kv('', 'Released: its claim is gone; the volume is not reused until its claimRef is cleared', 'warn'));
  return [...findingLines(ctx.findingsFor?.('PersistentVolume', undefined, pv.metadata.name) ?? []), ...describeLines(pv, ctx, extra)];
}

export const persistentVolumesView: ViewDef<PersistentVolume> = {
  id: 'pv',
  title: 'PersistentVolumes',
  aliases: ['pv', 'pvs', 'persistentvolume', 'persistentvolumes'],
  kinds: ['PersistentVolume'],
  namespaced: false,
  defaultSort: 'name',
  columns: persistentVolumeColumns,
  rows: (ctx) => ctx.store.list<PersistentVolume>('PersistentVolume'),
  key: (pv) => pv.metadata.name,
  object: (pv) => pv,
  detail: (pv, ctx) => persistentVolumeDetailLines(pv, ctx),
};

// ---------------------------------------------------------------- StorageClasses

/**
 * NAME as kubectl prints it: `standard (default)`. When several classes carry
 * the default annotation, admission uses the newest; the others read
 * `(default, unused)` so the user sees which one new claims get.
 */
export function storageClassName(sc: StorageClass, ctx: ViewCtx): string {
  if (!isDefaultStorageClass(sc)) return sc.metadata.name;
  const d = defaultStorageClass(ctx.store);
  if (d.candidates.length > 1 && d.sc?.metadata.name !== sc.metadata.name) return `${sc.metadata.name} (default, unused)`;
  return `${sc.metadata.name} (default)`;
}

const scSelf = (o: StorageClass) => o;

export const storageClassColumns: Column<StorageClass>[] = [
  { ...nameColumn(scSelf), value: (sc, ctx) => storageClassName(sc, ctx), fit: fitMarker },
  { id: 'provisioner', header: 'PROVISIONER', priority: 0, maxWidth: 40, value: (sc) => sc.provisioner ?? '' },
  // Defaults as the API server fills them (Delete, Immediate, false).
  { id: 'reclaim', header: 'RECLAIMPOLICY', priority: 1, value: (sc) => sc.reclaimPolicy ?? 'Delete' },
  { id: 'binding', header: 'VOLUMEBINDINGMODE', priority: 1, value: (sc) => sc.volumeBindingMode ?? 'Immediate' },
  { id: 'expansion', header: 'ALLOWVOLUMEEXPANSION', priority: 2, value: (sc) => String(sc.allowVolumeExpansion ?? false) },
  ageColumn(scSelf),
];

function defaultText(sc: StorageClass, ctx: ViewCtx): string {
  if (!isDefaultStorageClass(sc)) return 'no';
  const d = defaultStorageClass(ctx.store);
  if (!d.sc || d.sc.metadata.name === sc.metadata.name) return 'yes: claims that name no class get this one';
  return `annotated, but ${d.sc.metadata.name} is newer and is the one claims get`;
}

export function storageClassDetailLines(sc: StorageClass, ctx: ViewCtx): Line[] {
  const params = Object.entries((sc.parameters as Record<string, string> | undefined) ?? {});
  const extra: Line[] = [
    kv('Default', defaultText(sc, ctx)),
    kv('Provisioner', sc.provisioner ?? '-'),
    kv('Reclaim policy', sc.reclaimPolicy ?? 'Delete (default)'),
    kv('Binding mode', sc.volumeBindingMode ?? 'Immediate (default)'),
    kv('Volume expansion', String(sc.allowVolumeExpansion ?? false)),
    kv('Parameters', params.length ? params.map(([k, v]) => `${k}=${v}`).join(', ') : '<none>'),
  ];
  if (Array.isArray(sc.mountOptions) && sc.mountOptions.length) extra.push(kv('Mount options', sc.mountOptions.join(', ')));
  const pvs = ctx.store.list<PersistentVolume>('PersistentVolume').filter((pv) => pvClass(pv) === sc.metadata.name);
  const claims = ctx.store.list<PersistentVolumeClaim>('PersistentVolumeClaim').filter((c) => c.spec?.storageClassName === sc.metadata.name);
  extra.push(line(''), section(`Claims naming it (${claims.length})`));
  if (claims.length === 0) extra.push(line(seg('  none', 'muted')));
  const claimCols: Column<PersistentVolumeClaim>[] = [
    { id: 'namespace', header: 'NAMESPACE', priority: 0, value: (c) => c.metadata.namespace ?? '' },
    { id: 'name', header: 'CLAIM', priority: 0, value: (c) => c.metadata.name },
    { id: 'phase', header: 'STATUS', priority: 0, value: (c) => c.status?.phase ?? '' },
    { id: 'volume', header: 'VOLUME', priority: 1, value: (c) => c.spec?.volumeName ?? '' },
  ];
  if (claims.length) extra.push(...tableLines(claimCols, claims, ctx, '  ', (c) => refTo('PersistentVolumeClaim', c.metadata.namespace, c.metadata.name)));
  extra.push(line(seg(`  ${pvs.length} PersistentVolume${pvs.length === 1 ? '' : 's'} of this class`, 'muted')));
  return describeLines(sc, ctx, extra);
}

export const storageClassesView: ViewDef<StorageClass> = {
  id: 'sc',
  title: 'StorageClasses',
  aliases: ['sc', 'storageclass', 'storageclasses'],
  kinds: ['StorageClass'],
  namespaced: false,
  defaultSort: 'name',
  columns: storageClassColumns,
  rows: (ctx) => ctx.store.list<StorageClass>('StorageClass'),
  key: (sc) => sc.metadata.name,
  object: (sc) => sc,
  detail: (sc, ctx) => storageClassDetailLines(sc, ctx),
};
