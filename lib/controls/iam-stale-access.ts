import { IAM_AI_SERVICE_LAST_ACCESSED, ROLE_TYPE, USER_TYPE } from '../collectors/iam-ai-service-last-accessed.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { asFields } from './bedrock.js';
import { perResource, type Verdict } from './per-resource.js';
import { iamAccountResource, oncePerAccount, unionOfParts } from './supporting-helpers.js';
import type { Control, ControlMetadata, EvaluationInput } from './types.js';

/** Access unused for longer than this is stale (the window IAM Access Analyzer's unused access findings default to). */
export const STALE_AFTER_DAYS = 90;
const DAY_MS = 86_400_000;

/** Judges one principal's last use of `namespace` at `now` (epoch ms). */
export function judgeLastAccess(record: EvidenceRecord, namespace: string, service: string, now: number): Verdict {
  const principal = asFields(record.data.Principal);
  const kind = record.resource.type === ROLE_TYPE ? 'role' : 'user';
  const what = `IAM ${kind} ${String(principal?.Name ?? record.resource.id)}`;
  const status = record.data.JobStatus;
  if (status === 'IN_PROGRESS') {
    return {
      status: 'INSUFFICIENT_EVIDENCE',
      reason: `The IAM last-accessed job for ${what} had not finished when it was last polled, so its use of ${service} is unknown.`,
    };
  }
  if (status !== 'COMPLETED') {
    const error = asFields(record.data.Error);
    return {
      status: 'INSUFFICIENT_EVIDENCE',
      reason: `The IAM last-accessed job for ${what} ended ${String(status)}${error?.Code === undefined ? '' : ` (${String(error.Code)})`}, so its use of ${service} is unknown.`,
    };
  }
  const entries = Array.isArray(record.data.ServicesLastAccessed) ? record.data.ServicesLastAccessed : undefined;
  if (entries === undefined)
    return { status: 'INSUFFICIENT_EVIDENCE', reason: `The last-accessed answer for ${what} holds no service list.` };
  const entry = entries.map(asFields).find((e) => e?.ServiceNamespace === namespace);
  if (entry === undefined) return { status: 'NOT_APPLICABLE', reason: `${what} has no permission for ${service}.` };
  const last = typeof entry.LastAuthenticated === 'string' ? Date.parse(entry.LastAuthenticated) : undefined;
  if (last !== undefined && !Number.isFinite(last))
    return { status: 'INSUFFICIENT_EVIDENCE', reason: `${what} has a last use of ${service} that is not a date.` };
  if (last !== undefined && now - last <= STALE_AFTER_DAYS * DAY_MS) {
    return {
      status: 'PASS',
      reason: `${what} last used ${service} ${Math.floor((now - last) / DAY_MS)} days ago (${String(entry.LastAuthenticated)}).`,
    };
  }
  const created = typeof principal?.CreateDate === 'string' ? Date.parse(principal.CreateDate) : Number.NaN;
  if (!Number.isFinite(created))
    return {
      status: 'INSUFFICIENT_EVIDENCE',
      reason: `The record of ${what} holds no creation date, so unused access cannot be told from new access.`,
    };
  if (now - created <= STALE_AFTER_DAYS * DAY_MS) {
    return {
      status: 'PASS',
      reason: `${what} was created ${Math.floor((now - created) / DAY_MS)} days ago, within the ${STALE_AFTER_DAYS}-day window, so its ${service} access is not yet stale.`,
    };
  }
  const since = last === undefined ? 'has never used it' : `last used it on ${String(entry.LastAuthenticated)}`;
  return {
    status: 'FAIL',
    reason: `${what} is allowed to use ${service} but ${since} (more than ${STALE_AFTER_DAYS} days ago); remove the ${service} permissions it does not use.`,
  };
}

/**
 * A control over IAM last-accessed records: one finding per role or user with permissions for
 * `namespace`, judged at the run's start, once per account in the IAM home region.
 */
export function staleAccessControl(
  meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>,
  namespace: string,
  service: string,
): Control {
  const full: ControlMetadata = { ...meta, collectors: [IAM_AI_SERVICE_LAST_ACCESSED], resourceType: ROLE_TYPE };
  const evaluate = (input: EvaluationInput) => {
    const now = Date.parse(input.evaluatedAt);
    const check = (record: EvidenceRecord) => judgeLastAccess(record, namespace, service, now);
    const parts = [ROLE_TYPE, USER_TYPE].map((type) => {
      const part = perResource(
        { ...full, resourceType: type },
        {
          collector: IAM_AI_SERVICE_LAST_ACCESSED,
          noun: `IAM ${type === ROLE_TYPE ? 'roles' : 'users'} with AI service permissions`,
          check,
          scopeResource: iamAccountResource,
        },
      );
      // A principal's failed read names its ARN: only the part of its kind reports it, so it gets one finding.
      const mine = type === ROLE_TYPE ? ':role/' : ':user/';
      const coverageOf: EvaluationInput['coverageOf'] = (collector, scope) => {
        const entry = input.coverageOf(collector, scope);
        if (entry === undefined) return undefined;
        return { ...entry, errors: entry.errors.filter((e) => e.resourceId === undefined || e.resourceId.includes(mine)) };
      };
      return { ...part, evaluate: (i: EvaluationInput) => part.evaluate({ ...i, coverageOf }) };
    });
    const union = unionOfParts(full, parts, { noun: `IAM roles or users with ${service} permissions`, scopeResource: iamAccountResource });
    return oncePerAccount(union).evaluate(input);
  };
  return { ...full, evaluate };
}
