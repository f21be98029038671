/** AgentCore controls on the token vault, resource-based policies, online evaluation and the Agent Registry. */
import { describe, expect, it } from 'vitest';
import { AGENTCORE_ONLINE_EVALUATIONS, ONLINE_EVALUATION_TYPE } from '../../lib/collectors/agentcore-online-evaluations.js';
import { AGENTCORE_REGISTRIES, REGISTRY_TYPE } from '../../lib/collectors/agentcore-registries.js';
import { AGENTCORE_RESOURCE_POLICIES } from '../../lib/collectors/agentcore-resource-policies.js';
import { AGENTCORE_TOKEN_VAULT, TOKEN_VAULT_TYPE, tokenVaultArn } from '../../lib/collectors/agentcore-token-vault.js';
import { control as gatewayPolicy } from '../../lib/controls/agentcore_gateway_resource_policy_not_public.js';
import { control as registryApproval } from '../../lib/controls/agentcore_registry_records_require_approval.js';
import { control as onlineEvaluation } from '../../lib/controls/agentcore_runtime_online_evaluation_enabled.js';
import { control as runtimePolicy } from '../../lib/controls/agentcore_runtime_resource_policy_not_public.js';
import { control as tokenVault } from '../../lib/controls/agentcore_token_vault_encrypted_with_cmk.js';
import { openStatements } from '../../lib/controls/resource-policy-helpers.js';
import type { Control } from '../../lib/controls/types.js';
import type { CoverageEntry, Scope } from '../../lib/evidence/coverage.js';
import type { SealedEvidence } from '../../lib/evidence/record.js';
import { describeSharedCases, regionResourceId } from '../fixtures/control-cases.js';
import { accessDenied, complete, digestOf, failed, findingFor, judge, SCOPE } from '../fixtures/evidence.js';
import { AGENTCORE, agentCoreAnswer, agentCoreEvidence, KEY_ARN, stored } from '../fixtures/supporting.js';

const RUNTIMES = AGENTCORE.runtime.collector;

function tokenVaultEvidence(data: Record<string, unknown>, scope: Scope = SCOPE): SealedEvidence {
  return stored(
    { collector: AGENTCORE_TOKEN_VAULT, service: 'bedrock-agentcore-control', operation: 'GetTokenVault' },
    { type: TOKEN_VAULT_TYPE, id: tokenVaultArn(scope) },
    data,
    scope,
  );
}

function policyEvidence(kind: 'runtime' | 'gateway', name: string, data: Record<string, unknown>, scope: Scope = SCOPE): SealedEvidence {
  return stored(
    { collector: AGENTCORE_RESOURCE_POLICIES, service: 'bedrock-agentcore-control', operation: 'GetResourcePolicy' },
    { type: AGENTCORE[kind].type, id: AGENTCORE[kind].arn(name, scope) },
    data,
    scope,
  );
}

const document = (...statements: Record<string, unknown>[]) => ({
  policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
});
const allowAll = (extra: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Principal: '*',
  Action: 'bedrock-agentcore:*',
  Resource: '*',
  ...extra,
});

describe('agentcore_token_vault_encrypted_with_cmk', () => {
  it.each<[string, Record<string, unknown>, string]>([
    [
      'a customer managed key',
      { tokenVaultId: 'default', kmsConfiguration: { keyType: 'CustomerManagedKey', kmsKeyArn: KEY_ARN } },
      'PASS',
    ],
    ['the service managed key', { tokenVaultId: 'default', kmsConfiguration: { keyType: 'ServiceManagedKey' } }, 'FAIL'],
    [
      'CustomerManagedKey without a key ARN',
      { tokenVaultId: 'default', kmsConfiguration: { keyType: 'CustomerManagedKey' } },
      'INSUFFICIENT_EVIDENCE',
    ],
    ['no kmsConfiguration', { tokenVaultId: 'default' }, 'INSUFFICIENT_EVIDENCE'],
    ['no vault in the region', { ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'not found' }, 'NOT_APPLICABLE'],
  ])('%s is %s', (_case, data, status) => {
    const vault = tokenVaultEvidence(data);
    expect(
      findingFor(judge(tokenVault, { evidence: [vault], coverage: [complete(AGENTCORE_TOKEN_VAULT, 1)] }), vault.record.resource.id).status,
    ).toBe(status);
  });

  describeSharedCases({
    control: tokenVault,
    collector: AGENTCORE_TOKEN_VAULT,
    resourceType: TOKEN_VAULT_TYPE,
    listOperation: 'GetTokenVault',
    compliant: (scope) =>
      tokenVaultEvidence({ tokenVaultId: 'default', kmsConfiguration: { keyType: 'CustomerManagedKey', kmsKeyArn: KEY_ARN } }, scope),
    scopeResourceId: regionResourceId,
  });
});

describe.each<{ control: Control; kind: 'runtime' | 'gateway'; list: string }>([
  { control: runtimePolicy, kind: 'runtime', list: 'ListAgentRuntimes' },
  { control: gatewayPolicy, kind: 'gateway', list: 'ListGateways' },
])('$control.id', ({ control, kind, list }) => {
  it.each<[string, Record<string, unknown>, string, string]>([
    ['no policy', { ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'none' }, 'PASS', 'no resource-based policy'],
    [
      'a named account',
      document({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'bedrock-agentcore:*' }),
      'PASS',
      '1 statement',
    ],
    [
      '* tied to the organization',
      document(allowAll({ Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } })),
      'PASS',
      'only named',
    ],
    [
      '* tied to a VPC endpoint',
      document(allowAll({ Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0abc' } } })),
      'PASS',
      'only named',
    ],
    ['* with no condition', document(allowAll({ Sid: 'Open' })), 'FAIL', 'statement Open (bedrock-agentcore:*)'],
    ['AWS * with no condition', document({ ...allowAll(), Principal: { AWS: ['*'] } }), 'FAIL', 'statement 1'],
    [
      '* with a wildcard condition',
      document(allowAll({ Condition: { StringLike: { 'aws:PrincipalArn': '*' } } })),
      'FAIL',
      'any principal',
    ],
    [
      '* with an IfExists condition',
      document(allowAll({ Condition: { StringEqualsIfExists: { 'aws:SourceVpc': 'vpc-1' } } })),
      'FAIL',
      'any principal',
    ],
    [
      '* with a condition on another key',
      document(allowAll({ Condition: { Bool: { 'aws:SecureTransport': 'true' } } })),
      'FAIL',
      'any principal',
    ],
    ['NotPrincipal', document({ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::1:root' }, Action: 'x' }), 'FAIL', 'any principal'],
    ['* denied, not allowed', document({ ...allowAll(), Effect: 'Deny' }), 'PASS', 'only named'],
    ['a policy that is not JSON', { policy: 'Statement: []' }, 'INSUFFICIENT_EVIDENCE', 'not JSON'],
    ['an answer without a policy', {}, 'INSUFFICIENT_EVIDENCE', 'returned no policy'],
  ])('%s is %s', (_case, data, status, words) => {
    const subject = policyEvidence(kind, 'claims', data);
    const finding = findingFor(
      judge(control, { evidence: [subject], coverage: [complete(AGENTCORE_RESOURCE_POLICIES, 1)] }),
      subject.record.resource.id,
    );
    expect(finding.status).toBe(status);
    expect(finding.reason).toContain(words);
  });

  it(`judges only ${kind}s, not the other kind's policies`, () => {
    const other = policyEvidence(kind === 'runtime' ? 'gateway' : 'runtime', 'claims', document(allowAll()));
    const findings = judge(control, { evidence: [other], coverage: [complete(AGENTCORE_RESOURCE_POLICIES, 1)] });
    expect(findings.map((f) => f.status)).toEqual(['NOT_APPLICABLE']);
  });

  describeSharedCases({
    control,
    collector: AGENTCORE_RESOURCE_POLICIES,
    resourceType: AGENTCORE[kind].type,
    listOperation: list,
    describeOperation: 'GetResourcePolicy',
    compliant: (scope, n) => policyEvidence(kind, `acme-${n}`, { ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'none' }, scope),
    scopeResourceId: regionResourceId,
  });
});

describe('openStatements', () => {
  it('names a document that has no Statement or an Effect it does not know', () => {
    expect(openStatements('{}')).toEqual({ ok: false, problem: 'the policy has no Statement' });
    expect(openStatements(JSON.stringify({ Statement: [{ Effect: 'Maybe' }] }))).toMatchObject({ ok: false });
  });
});

describe('agentcore_runtime_online_evaluation_enabled', () => {
  const config = (name: string, serviceNames: string[], status = 'ACTIVE', executionStatus = 'ENABLED') =>
    stored(
      { collector: AGENTCORE_ONLINE_EVALUATIONS, service: 'bedrock-agentcore-control', operation: 'GetOnlineEvaluationConfig' },
      { type: ONLINE_EVALUATION_TYPE, id: `arn:aws:bedrock-agentcore:${SCOPE.region}:${SCOPE.accountId}:online-evaluation-config/${name}` },
      {
        onlineEvaluationConfigName: name,
        status,
        executionStatus,
        dataSourceConfig: { cloudWatchLogs: { logGroupNames: ['/aws/x'], serviceNames } },
      },
    );
  const runtime = agentCoreEvidence('runtime', agentCoreAnswer('runtime', 'claims_agent'));

  it.each<[string, SealedEvidence[], CoverageEntry | undefined, string, string]>([
    ['an enabled configuration of its endpoint', [config('q', ['claims_agent.DEFAULT'])], undefined, 'PASS', 'q (ACTIVE and ENABLED)'],
    [
      'a configuration of another agent only',
      [config('q', ['claims_agent_v2.DEFAULT', 'other.DEFAULT'])],
      undefined,
      'FAIL',
      'No online evaluation',
    ],
    ['a paused configuration', [config('q', ['claims_agent.DEFAULT'], 'ACTIVE', 'DISABLED')], undefined, 'FAIL', 'q (ACTIVE, DISABLED)'],
    ['a failed configuration', [config('q', ['claims_agent.prod'], 'CREATE_FAILED', 'ENABLED')], undefined, 'FAIL', 'CREATE_FAILED'],
    ['no configuration at all', [], undefined, 'FAIL', 'No online evaluation'],
    [
      'configurations that could not be listed',
      [],
      failed(AGENTCORE_ONLINE_EVALUATIONS, accessDenied('ListOnlineEvaluationConfigs')),
      'INSUFFICIENT_EVIDENCE',
      'AccessDeniedException',
    ],
  ])('%s is %s', (_case, configs, coverage, status, words) => {
    const finding = findingFor(
      judge(onlineEvaluation, {
        evidence: [runtime, ...configs],
        coverage: [complete(RUNTIMES, 1), coverage ?? complete(AGENTCORE_ONLINE_EVALUATIONS, configs.length)],
      }),
      runtime.record.resource.id,
    );
    expect(finding.status).toBe(status);
    expect(finding.reason).toContain(words);
  });

  it('cites the configuration that evaluates the runtime', () => {
    const mine = config('q', ['claims_agent.DEFAULT']);
    const finding = findingFor(
      judge(onlineEvaluation, {
        evidence: [runtime, mine, config('other', ['x.DEFAULT'])],
        coverage: [complete(RUNTIMES, 1), complete(AGENTCORE_ONLINE_EVALUATIONS, 2)],
      }),
      runtime.record.resource.id,
    );
    expect(finding.evidence).toEqual([digestOf(runtime), digestOf(mine)]);
  });
});

describe('agentcore_registry_records_require_approval', () => {
  const registry = (overrides: Record<string, unknown>, scope: Scope = SCOPE, name = 'catalog') =>
    stored(
      { collector: AGENTCORE_REGISTRIES, service: 'bedrock-agentcore-control', operation: 'GetRegistry' },
      { type: REGISTRY_TYPE, id: `arn:aws:bedrock-agentcore:${scope.region}:${scope.accountId}:registry/${name}` },
      { name, status: 'READY', ...overrides },
      scope,
    );
  it.each<[string, Record<string, unknown>, string]>([
    ['manual approval', { approvalConfiguration: { autoApproval: false } }, 'PASS'],
    ['no approval configuration (the default, manual)', {}, 'PASS'],
    ['auto-approval', { approvalConfiguration: { autoApproval: true } }, 'FAIL'],
    ['an autoApproval that is not a boolean', { approvalConfiguration: { autoApproval: 'yes' } }, 'INSUFFICIENT_EVIDENCE'],
  ])('%s is %s', (_case, overrides, status) => {
    const subject = registry(overrides);
    expect(
      findingFor(
        judge(registryApproval, { evidence: [subject], coverage: [complete(AGENTCORE_REGISTRIES, 1)] }),
        subject.record.resource.id,
      ).status,
    ).toBe(status);
  });

  describeSharedCases({
    control: registryApproval,
    collector: AGENTCORE_REGISTRIES,
    resourceType: REGISTRY_TYPE,
    listOperation: 'ListRegistries',
    describeOperation: 'GetRegistry',
    compliant: (scope, n) => registry({ approvalConfiguration: { autoApproval: false } }, scope, `catalog-${n}`),
    scopeResourceId: regionResourceId,
  });
});
