import { describe, expect, it } from 'vitest';
import { IAM_AI_SERVICE_LAST_ACCESSED, ROLE_TYPE, USER_TYPE } from '../../lib/collectors/iam-ai-service-last-accessed.js';
import { control as agentcore } from '../../lib/controls/iam_agentcore_access_not_stale.js';
import { control as bedrock } from '../../lib/controls/iam_bedrock_access_not_stale.js';
import { control as sagemaker } from '../../lib/controls/iam_sagemaker_access_not_stale.js';
import type { Scope } from '../../lib/evidence/coverage.js';
import { makeEvidence, sealEvidence } from '../../lib/evidence/record.js';
import { accessDenied, COLLECTED_AT, complete, digestOf, EVALUATED_AT, failed, findingFor, judge, partial } from '../fixtures/evidence.js';
import { IAM_SCOPE } from '../fixtures/supporting.js';

const ROOT = `arn:aws:iam::${IAM_SCOPE.accountId}:root`;
const daysBefore = (days: number) => new Date(Date.parse(EVALUATED_AT) - days * 86_400_000).toISOString();
const arnOf = (type: string, name: string) => `arn:aws:iam::${IAM_SCOPE.accountId}:${type === ROLE_TYPE ? 'role' : 'user'}/${name}`;

/** A last-accessed record of a principal, with one entry per namespace given (LastAuthenticated days ago, or never). */
function lastAccessed(
  name: string,
  uses: Record<string, number | null>,
  extra: Record<string, unknown> = {},
  type: string = ROLE_TYPE,
  scope: Scope = IAM_SCOPE,
) {
  const arn = arnOf(type, name);
  return sealEvidence(
    makeEvidence({
      accountId: scope.accountId,
      region: scope.region,
      source: { collector: IAM_AI_SERVICE_LAST_ACCESSED, service: 'iam', operation: 'GetServiceLastAccessedDetails' },
      resource: { type, id: arn },
      collectedAt: COLLECTED_AT,
      data: {
        Principal: { Arn: arn, Name: name, Path: '/', CreateDate: daysBefore(400) },
        JobId: `job-${name}`,
        JobStatus: 'COMPLETED',
        ServicesReported: 12,
        ServicesLastAccessed: Object.entries(uses).map(([ns, days]) => ({
          ServiceName: ns,
          ServiceNamespace: ns,
          TotalAuthenticatedEntities: days === null ? 0 : 1,
          ...(days === null ? {} : { LastAuthenticated: daysBefore(days), LastAuthenticatedRegion: 'us-east-1' }),
        })),
        ...extra,
      },
    }),
  );
}

const FAMILY = [
  { control: bedrock, ns: 'bedrock', other: 'sagemaker' },
  { control: sagemaker, ns: 'sagemaker', other: 'bedrock' },
  { control: agentcore, ns: 'bedrock-agentcore', other: 'bedrock' },
];

describe.each(FAMILY)('$control.id', ({ control, ns, other }) => {
  const judgeOne = (evidence: ReturnType<typeof lastAccessed>) => {
    const findings = judge(control, {
      scopes: [IAM_SCOPE],
      evidence: [evidence],
      coverage: [complete(IAM_AI_SERVICE_LAST_ACCESSED, 1, IAM_SCOPE)],
    });
    return findingFor(findings, evidence.record.resource.id);
  };

  it.each<[string, ReturnType<typeof lastAccessed>, string, string]>([
    ['#1 used 10 days ago', lastAccessed('claims-app', { [ns]: 10 }), 'PASS', 'last used'],
    [
      '#2 never used, but created 20 days ago',
      lastAccessed('new-app', { [ns]: null }, { Principal: { Name: 'new-app', CreateDate: daysBefore(20) } }),
      'PASS',
      'created 20 days ago',
    ],
    ['#3 a user that used it 89 days ago', lastAccessed('dana', { [ns]: 89 }, {}, USER_TYPE), 'PASS', 'IAM user dana'],
    ['#4 last used 120 days ago', lastAccessed('old-app', { [ns]: 120 }), 'FAIL', 'last used it on'],
    ['#5 never used by a principal older than 90 days', lastAccessed('idle-app', { [ns]: null }), 'FAIL', 'has never used it'],
    [
      '#6 a job that did not finish',
      lastAccessed('slow-app', {}, { JobStatus: 'IN_PROGRESS', ServicesLastAccessed: [] }),
      'INSUFFICIENT_EVIDENCE',
      'had not finished',
    ],
    [
      '#7 a job that failed',
      lastAccessed('bad-app', {}, { JobStatus: 'FAILED', Error: { Code: 'ServiceFailure', Message: 'x' } }),
      'INSUFFICIENT_EVIDENCE',
      'ServiceFailure',
    ],
    [
      '#8 a last use that is not a date',
      lastAccessed('odd-app', {}, { ServicesLastAccessed: [{ ServiceNamespace: ns, LastAuthenticated: 'yesterday' }] }),
      'INSUFFICIENT_EVIDENCE',
      'not a date',
    ],
    [
      '#9 never used and no creation date',
      lastAccessed('anon-app', { [ns]: null }, { Principal: { Name: 'anon-app' } }),
      'INSUFFICIENT_EVIDENCE',
      'no creation date',
    ],
  ])('%s is %s', (_case, evidence, status, words) => {
    const finding = judgeOne(evidence);
    expect(finding).toMatchObject({ status, evidence: [digestOf(evidence)] });
    expect(finding.reason).toContain(words);
  });

  it('#10 a principal with permissions for another AI service only is NOT_APPLICABLE', () => {
    expect(judgeOne(lastAccessed('ml-app', { [other]: 200 })).status).toBe('NOT_APPLICABLE');
  });

  it('#11 is NOT_APPLICABLE for the account when no principal holds AI permissions, and judges IAM once per account', () => {
    const findings = judge(control, {
      scopes: [IAM_SCOPE, { accountId: IAM_SCOPE.accountId, region: 'eu-west-1' }],
      coverage: [complete(IAM_AI_SERVICE_LAST_ACCESSED, 0, IAM_SCOPE)],
    });
    expect(findings).toEqual([expect.objectContaining({ status: 'NOT_APPLICABLE', resource: { type: 'AWS::::Account', id: ROOT } })]);
  });

  it('#12 gives INSUFFICIENT_EVIDENCE for the account when the roles could not be listed, and for a principal whose job could not be started', () => {
    const listing = judge(control, {
      scopes: [IAM_SCOPE],
      coverage: [failed(IAM_AI_SERVICE_LAST_ACCESSED, accessDenied('ListRoles'), 0, IAM_SCOPE)],
    });
    expect(findingFor(listing, ROOT).status).toBe('INSUFFICIENT_EVIDENCE');
    const arn = arnOf(ROLE_TYPE, 'denied-app');
    const one = judge(control, {
      scopes: [IAM_SCOPE],
      coverage: [partial(IAM_AI_SERVICE_LAST_ACCESSED, [accessDenied('GenerateServiceLastAccessedDetails', arn)], 0, IAM_SCOPE)],
    });
    expect(findingFor(one, arn).status).toBe('INSUFFICIENT_EVIDENCE');
  });

  it('#13 gives INSUFFICIENT_EVIDENCE when the collector did not run', () => {
    expect(judge(control, { scopes: [IAM_SCOPE], coverage: [] }).map((f) => f.status)).toEqual(['INSUFFICIENT_EVIDENCE']);
  });
});
