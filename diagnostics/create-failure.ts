// Evidence and next steps for a controller whose creates the API server
// refuses, from the refusal src/model/admission.ts reads in its FailedCreate
// event. One place for the three controllers that k8stui checks:
//
//   CronJob controller      creates Jobs from spec.jobTemplate   "Error creating job: …"
//   Job controller          creates pods from spec.template      "Error creating: pods …"
//   StatefulSet controller  creates claims from spec.volumeClaimTemplates, then the pod from
//                           spec.template                        "create Pod web-0 in StatefulSet web failed error: …"
//
// The steps name what refused (the policy, webhook, quota, LimitRange, Pod
// Security level, RBAC rule, missing ServiceAccount) and where to fix it: a
// CronJob's jobTemplate can be edited; a Job's pod template cannot (the API
// server rejects changes to spec.template of an existing Job), so the fix goes
// into its manifest, or into the jobTemplate of the CronJob that created it. A
// StatefulSet's spec.template can be edited: the controller creates the missing
// pod from the new revision (an ordinal below the partition from the current
// one). Its volumeClaimTemplates cannot (apps/v1 validation forbids changing
// them), so a refused claim is fixed on the refusing side, by creating the claim
// by hand (the controller uses an existing claim of that name), or by recreating
// the StatefulSet.
import type { CreateFailure } from '../src/model/admission.js';

export interface CreateTarget {
  kind: 'CronJob' | 'Job' | 'StatefulSet';
  ns: string;
  name: string;
  /** For a Job: the CronJob that created it (its jobTemplate is where the fix goes). */
  cronJob?: string;
  /** For a StatefulSet: the pod it cannot create. */
  pod?: string;
  /** For a StatefulSet: the claim refused, and the volumeClaimTemplate it comes from. */
  claim?: string;
  claimTemplate?: string;
  /** For a StatefulSet: the rolling update's partition when it keeps the pod on the current revision. */
  partitionHolds?: number;
}

function oneLine(s: string | undefined, max = 300): string {
  const t = (s ?? '').replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** Evidence lines naming what refused the create, and its words (one line each). */
export function createFailureEvidence(f: CreateFailure): string[] {
  return evidenceLines(f).map((l) => oneLine(l, 600));
}

function evidenceLines(f: CreateFailure): string[] {
  switch (f.kind) {
    case 'admission-policy':
      return [`refused by ValidatingAdmissionPolicy ${f.policy}${f.binding ? `, binding ${f.binding}` : ''}`, `policy message: ${f.detail}`];
    case 'admission-webhook':
      return [`refused by admission webhook ${f.webhook}`, `webhook message: ${f.detail}`];
    case 'webhook-unavailable':
      return [`admission webhook ${f.webhook} could not be called (its failurePolicy is Fail)`, `error: ${f.detail}`];
    case 'quota':
      return f.quota ? [`ResourceQuota ${f.quota}: requested ${f.requested}, used ${f.used}, limited ${f.limited}`] : [`ResourceQuota: ${f.detail}`];
    case 'quota-requires':
      return [`ResourceQuota ${f.quota} limits cpu/memory, so every container must set them; missing: ${f.mustSpecify}`];
    case 'service-account':
      return [`ServiceAccount ${f.serviceAccount}: ${f.detail}`];
    case 'rbac':
      return [`RBAC: ${f.detail}`];
    case 'limit-range':
      return [`LimitRange: ${f.detail}`];
    case 'pod-security':
      return [`PodSecurity "${f.level}" (the namespace's pod-security.kubernetes.io/enforce label): ${f.detail}`];
    case 'invalid':
      return [`field errors: ${f.detail}`];
    default:
      return [`${f.kind === 'other' ? 'error' : f.kind}: ${f.detail}`];
  }
}

/** Read-only commands and the fix, chosen from what refused the create. */
export function createFailureSteps(raw: CreateFailure, t: CreateTarget): string[] {
  const { ns, name } = t;
  const f = { ...raw, detail: oneLine(raw.detail, 300) };
  const cron = t.kind === 'CronJob';
  const sts = t.kind === 'StatefulSet';
  /** A StatefulSet's claim (from a volumeClaimTemplate) was refused, not its pod. */
  const claim = sts && t.claim !== undefined;
  const events = `kubectl get events -n ${ns} --field-selector involvedObject.kind=${t.kind},involvedObject.name=${name},reason=FailedCreate`;
  const template = cron
    ? `kubectl get cronjob ${name} -n ${ns} -o jsonpath='{.spec.jobTemplate}'`
    : claim
      ? `kubectl get statefulset ${name} -n ${ns} -o jsonpath='{.spec.volumeClaimTemplates}'`
      : sts
        ? `kubectl get statefulset ${name} -n ${ns} -o jsonpath='{.spec.template.spec}'`
        : `kubectl get job ${name} -n ${ns} -o jsonpath='{.spec.template.spec}'`;
  const webhooks = 'kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations -o custom-columns=NAME:.metadata.name,WEBHOOKS:.webhooks[*].name';
  /** What the controller creates, and where the template that must change lives. */
  const made = cron ? 'Jobs' : claim ? 'claims' : 'pods';
  const tmpl = cron ? 'spec.jobTemplate' : claim ? `volumeClaimTemplate ${t.claimTemplate ?? ''}`.trim() : sts ? 'spec.template' : t.cronJob ? `CronJob ${t.cronJob}'s spec.jobTemplate` : "the Job's pod template";
  const pod = cron ? "the jobTemplate's pod" : sts ? 'the pod template (spec.template)' : t.cronJob ? `the pod template in CronJob ${t.cronJob}'s jobTemplate` : 'the pod template';
  const containers = cron ? "the jobTemplate containers'" : sts ? "the containers' (spec.template)" : t.cronJob ? `the containers' (in CronJob ${t.cronJob}'s jobTemplate)` : "the pod template containers'";
  // A Job's spec.template cannot be changed once the Job exists; a StatefulSet's
  // volumeClaimTemplates neither; its spec.template can, and makes a new revision.
  const recreate = cron
    ? ''
    : claim
      ? ` (volumeClaimTemplates cannot be changed on an existing StatefulSet: create claim ${t.claim} yourself with the corrected spec, which the controller then uses as it is, or recreate the StatefulSet from the corrected manifest, deleting the old one with --cascade=orphan so its pods and claims stay)`
      : sts
        ? t.partitionHolds !== undefined
          ? ` (${t.pod} is below partition ${t.partitionHolds}, so the controller creates it from the current revision: the change reaches it only once the partition is lowered)`
          : ` (the controller creates ${t.pod ?? 'the missing pods'} from the new revision)`
        : t.cronJob
          ? ` (the next run uses it; Job ${name} keeps its own template: delete it once the jobTemplate is fixed)`
          : ` (spec.template of an existing Job cannot be changed: recreate Job ${name} from the corrected manifest)`;
  const describe = `kubectl describe ${t.kind.toLowerCase()} ${name} -n ${ns}`;
  switch (f.kind) {
    case 'admission-policy':
      return [
        `kubectl get validatingadmissionpolicy ${f.policy} -o yaml`,
        ...(f.binding ? [`kubectl get validatingadmissionpolicybinding ${f.binding} -o yaml`] : []),
        template,
        `fix: change ${tmpl} so its ${made} pass ValidatingAdmissionPolicy ${f.policy} (${f.detail})${recreate}, or have the policy's owner exclude this ${t.kind} in the binding's matchResources`,
      ];
    case 'admission-webhook':
      return [webhooks, template, events, `fix: change ${tmpl} so its ${made} pass admission webhook ${f.webhook} (${oneLine(f.detail, 160)})${recreate}, or ask the webhook's owner for an exception`];
    case 'webhook-unavailable':
      return [webhooks, events, `fix: bring back the service behind admission webhook ${f.webhook} (its pods and endpoints); while it is down every ${cron ? 'Job' : claim ? 'claim' : 'pod'} it covers is refused`];
    case 'quota': {
      const what = `${f.requested ?? ''} ${f.detail}`;
      const jobsCount = /count\/jobs\.batch/.test(what);
      const quota = f.quota ? `ResourceQuota ${f.quota}` : 'the ResourceQuota';
      const describeQuota = f.quota ? `kubectl describe resourcequota ${f.quota} -n ${ns}` : `kubectl describe resourcequota -n ${ns}`;
      // Only object counts exceeded (pods=1, count/…): lowering requests does not help.
      const countOnly = f.requested !== undefined && f.requested.split(',').every((r) => /^(?:pods|persistentvolumeclaims|count\/[^=]+)=/.test(r.trim()));
      if (claim) {
        // A claim counts (persistentvolumeclaims, requests.storage, <class>.storageclass…) for as long as it exists.
        return [
          describeQuota,
          `kubectl get pvc -n ${ns}`,
          `fix: claims of ${ns} count against ${quota} for as long as they exist (bound or not, those kept after a scale-down too): delete claims no longer needed, raise the quota${countOnly ? '' : `, or request less storage${recreate}`}`,
        ];
      }
      if (sts) {
        return [describeQuota, `fix: the unfinished pods of ${ns} (${name}'s own among them) use up ${quota}: free quota, raise it${countOnly ? '' : `, or lower what ${pod} requests${recreate}`}`];
      }
      // Pods count against a quota (pods, requests.*, limits.*) only until they finish.
      const podCount = !cron;
      return [
        describeQuota,
        ...(jobsCount ? [`kubectl get jobs -n ${ns}`] : []),
        jobsCount
          ? 'fix: finished Jobs count against count/jobs.batch: lower successfulJobsHistoryLimit / failedJobsHistoryLimit, set ttlSecondsAfterFinished in the jobTemplate, or raise the quota'
          : podCount
            ? `fix: the pods of ${ns} that have not finished use up ${quota} (finished pods no longer count): free quota, raise it, or lower what ${pod} requests${recreate}`
            : `fix: raise the quota or lower what ${cron ? 'the jobTemplate' : pod} requests`,
      ];
    }
    case 'quota-requires':
      return [
        `kubectl describe resourcequota ${f.quota} -n ${ns}`,
        template,
        `fix: ResourceQuota ${f.quota} covers cpu/memory, so every container must set them (missing: ${f.mustSpecify}): set them in ${tmpl}${recreate}, or give ${ns} a LimitRange with defaults`,
      ];
    case 'service-account':
      return [`kubectl get serviceaccount ${f.serviceAccount} -n ${ns}`, `fix: create ServiceAccount ${f.serviceAccount} in ${ns}, or correct serviceAccountName in ${tmpl}${recreate}`];
    case 'limit-range':
      if (claim) return [`kubectl describe limitrange -n ${ns}`, template, `fix: the claim's storage request is outside the namespace's LimitRange (${f.detail}): request a size within it${recreate}, or have the LimitRange changed`];
      return [`kubectl describe limitrange -n ${ns}`, template, `fix: set ${containers} requests and limits within the namespace's LimitRange${recreate}`];
    case 'pod-security':
      return [`kubectl get namespace ${ns} --show-labels`, template, `fix: make ${pod} meet PodSecurity "${f.level}" (${f.detail})${recreate}`];
    case 'rbac': {
      const controller = cron ? 'cronjob-controller' : sts ? 'statefulset-controller' : 'job-controller';
      const resource = f.resource ?? (cron ? 'jobs.batch' : claim ? 'persistentvolumeclaims' : 'pods');
      return [
        `kubectl auth can-i ${f.verb ?? 'create'} ${resource} -n ${ns} --as=${f.user}`,
        events,
        `fix: grant ${f.user} ${f.verb ?? 'create'} on ${resource} in ${ns} (kube-controller-manager's ${controller} identity; the built-in ClusterRole system:controller:${controller} has it)`,
      ];
    }
    case 'invalid':
      return [template, `fix: correct the ${cron ? 'jobTemplate' : claim ? tmpl : 'pod template'} fields the API server names: ${f.detail}${recreate}`];
    case 'namespace-terminating':
      return [`kubectl get namespace ${ns} -o jsonpath='{.status.conditions}'`, `fix: namespace ${ns} is being deleted, so nothing new can be created in it; its conditions say what holds the deletion`];
    default:
      return [describe, events];
  }
}
