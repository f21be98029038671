/**
 * Where models come from and who may reach the registry: model containers pulled from a private
 * registry in the VPC (SageMaker.16/.19), and model package group resource policies limited to the
 * accounts the run assesses.
 */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../lib/controls/sagemaker.js';
import { control as privateRegistry } from '../../lib/controls/sagemaker_model_container_private_registry.js';
import { control as groupPolicy } from '../../lib/controls/sagemaker_model_package_group_policy_restricted.js';
import type { FindingStatus } from '../../lib/controls/types.js';
import type { Scope } from '../../lib/evidence/coverage.js';
import { makeEvidence, sealEvidence } from '../../lib/evidence/record.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { COLLECTED_AT, complete, digestOf, findingFor, judge, OTHER_SCOPE, SCOPE } from '../fixtures/evidence.js';
import { describedModel, sagemakerSubject } from '../fixtures/sagemaker.js';
import { type AnswerCase, describeAnswerCases } from '../fixtures/sagemaker-cases.js';

const VPC_IMAGE = { Image: 'registry.acme.internal/fraud:7', ImageConfig: { RepositoryAccessMode: 'Vpc' } };

describe.each([[privateRegistry.id]])('%s', () => {
  const cases: readonly AnswerCase[] = [
    ['#1 compliant: the primary container pulls with RepositoryAccessMode Vpc is PASS', {}, 'PASS', 'private registry in the VPC'],
    [
      '#2 non-compliant: a container with no ImageConfig is FAIL',
      { PrimaryContainer: { Image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/fraud:7' } },
      'FAIL',
      'no ImageConfig',
    ],
    [
      '#3 non-compliant: one pipeline container in Platform mode is FAIL naming it',
      {
        PrimaryContainer: undefined,
        Containers: [
          { ...VPC_IMAGE, ContainerHostname: 'features' },
          { Image: 'x', ImageConfig: { RepositoryAccessMode: 'Platform' }, ContainerHostname: 'scorer' },
        ],
      },
      'FAIL',
      'scorer pulls its image with RepositoryAccessMode Platform',
    ],
    [
      '#4 non-compliant: a container from a model package is FAIL',
      { PrimaryContainer: { ModelPackageName: 'arn:aws:sagemaker:eu-west-1:111122223333:model-package/fraud/3' } },
      'FAIL',
      'model package',
    ],
    [
      '#5 missing evidence: no container in the answer is INSUFFICIENT_EVIDENCE',
      { PrimaryContainer: undefined },
      'INSUFFICIENT_EVIDENCE',
      'PrimaryContainer',
    ],
    [
      '#6 missing evidence: a container without Image or ModelPackageName is INSUFFICIENT_EVIDENCE',
      { PrimaryContainer: { Mode: 'SingleModel' } },
      'INSUFFICIENT_EVIDENCE',
      'without an Image',
    ],
  ];
  const build = (name: string, overrides: Record<string, unknown> = {}, scope: Scope = SCOPE) =>
    describedModel(name, { PrimaryContainer: VPC_IMAGE, ...overrides }, scope);
  describeAnswerCases(privateRegistry, MODELS, 'fraud-scoring-v7', (overrides) => build('fraud-scoring-v7', overrides), cases);
  describeSharedCases(sagemakerSubject(privateRegistry, MODELS, (n, scope) => build(`model-${n}`, {}, scope)));
});

const POLICY_COLLECTOR = 'sagemaker.model-package-group-policies';
const GROUP_TYPE = 'AWS::SageMaker::ModelPackageGroup';
const groupArn = (name: string, scope: Scope = SCOPE) => `arn:aws:sagemaker:${scope.region}:${scope.accountId}:model-package-group/${name}`;

/** A group's GetModelPackageGroupPolicy answer (or the no-policy answer) as the collector records it. */
function policyRecord(name: string, data: Record<string, unknown>, scope: Scope = SCOPE) {
  return sealEvidence(
    makeEvidence({
      accountId: scope.accountId,
      region: scope.region,
      source: { collector: POLICY_COLLECTOR, service: 'sagemaker', operation: 'GetModelPackageGroupPolicy' },
      resource: { type: GROUP_TYPE, id: groupArn(name, scope) },
      collectedAt: COLLECTED_AT,
      data,
    }),
  );
}
const withPolicy = (...statements: Record<string, unknown>[]) => ({
  ResourcePolicy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
});
const allow = (principal: unknown, extra: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Principal: principal,
  Action: ['sagemaker:DescribeModelPackage', 'sagemaker:ListModelPackages'],
  Resource: '*',
  ...extra,
});
const NO_POLICY = { Error: { Code: 'ValidationException', Message: 'Cannot find resource policy for claims-triage' } };

describe.each([[groupPolicy.id]])('%s', () => {
  const CASES: readonly [string, Record<string, unknown>, FindingStatus, string][] = [
    ['#1 compliant: no resource policy is PASS', NO_POLICY, 'PASS', 'has no resource policy'],
    [
      '#2 compliant: its own account only is PASS',
      withPolicy(allow({ AWS: `arn:aws:iam::${SCOPE.accountId}:root` })),
      'PASS',
      'its own account',
    ],
    [
      '#3 compliant: another account the run assesses is PASS',
      withPolicy(allow({ AWS: [`arn:aws:iam::${OTHER_SCOPE.accountId}:role/deployer`] })),
      'PASS',
      OTHER_SCOPE.accountId,
    ],
    ['#4 non-compliant: Principal * is FAIL', withPolicy(allow('*', { Sid: 'Open' })), 'FAIL', 'statement Open allows any principal'],
    [
      '#5 non-compliant: an account outside the run is FAIL',
      withPolicy(allow({ AWS: '999988887777' })),
      'FAIL',
      '999988887777, which this run does not assess',
    ],
    [
      '#6 non-compliant: NotPrincipal in an Allow is FAIL',
      withPolicy({ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: '*', Resource: '*' }),
      'FAIL',
      'any principal',
    ],
    [
      '#7 compliant: Principal * pinned to the run\u2019s accounts by aws:PrincipalAccount is PASS',
      withPolicy(allow('*', { Condition: { StringEquals: { 'aws:PrincipalAccount': [OTHER_SCOPE.accountId] } } })),
      'PASS',
      OTHER_SCOPE.accountId,
    ],
    [
      '#8 missing evidence: Principal * limited to an organization is INSUFFICIENT_EVIDENCE',
      withPolicy(allow({ AWS: '*' }, { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } })),
      'INSUFFICIENT_EVIDENCE',
      'o-a1b2c3d4e5',
    ],
    [
      '#9 missing evidence: a policy that is not JSON is INSUFFICIENT_EVIDENCE',
      { ResourcePolicy: '{not json' },
      'INSUFFICIENT_EVIDENCE',
      'not JSON',
    ],
    [
      '#10 missing evidence: an answer without ResourcePolicy is INSUFFICIENT_EVIDENCE',
      {},
      'INSUFFICIENT_EVIDENCE',
      'returned no ResourcePolicy',
    ],
    [
      '#11 compliant: a Deny for everyone else does not open the group',
      withPolicy({ Effect: 'Deny', NotPrincipal: { AWS: '*' }, Action: '*', Resource: '*' }, allow({ AWS: SCOPE.accountId })),
      'PASS',
      'its own account',
    ],
  ];

  it.each(CASES)('%s', (_case, data, status, says) => {
    // Prepare
    const record = policyRecord('claims-triage', data);
    // Act
    const findings = judge(groupPolicy, {
      scopes: [SCOPE, OTHER_SCOPE],
      evidence: [record],
      coverage: [complete(POLICY_COLLECTOR, 1, SCOPE), complete(POLICY_COLLECTOR, 0, OTHER_SCOPE)],
    });
    const finding = findingFor(findings, groupArn('claims-triage'));
    // Assess
    expect(finding.status).toBe(status);
    expect(finding.reason).toContain('claims-triage');
    expect(finding.reason).toContain(says);
    expect(finding.evidence).toEqual([digestOf(record)]);
  });

  it('judges the same policy FAIL when the other account is not assessed in the run', () => {
    // Prepare
    const record = policyRecord('claims-triage', withPolicy(allow({ AWS: `arn:aws:iam::${OTHER_SCOPE.accountId}:role/deployer` })));
    // Act
    const findings = judge(groupPolicy, { evidence: [record], coverage: [complete(POLICY_COLLECTOR, 1)] });
    // Assess
    expect(findingFor(findings, groupArn('claims-triage')).status).toBe('FAIL');
  });

  describeSharedCases({
    control: groupPolicy,
    collector: POLICY_COLLECTOR,
    resourceType: GROUP_TYPE,
    listOperation: 'ListModelPackageGroups',
    describeOperation: 'GetModelPackageGroupPolicy',
    compliant: (scope, n) => policyRecord(`group-${n}`, NO_POLICY, scope),
    scopeResourceId: (scope) => `arn:aws:::${scope.accountId}:region/${scope.region}`,
  });
});
