/**
 * The Bedrock account settings and the organization's Bedrock policy: data retention, account-level
 * enforced guardrails, guardrails enforced through AWS Organizations.
 */
import { describe, expect, it } from 'vitest';
import {
  BEDROCK_DATA_RETENTION,
  BEDROCK_ENFORCED_GUARDRAILS,
  DATA_RETENTION_TYPE,
  dataRetentionId,
  ENFORCED_GUARDRAILS_TYPE,
  enforcedGuardrailsId,
} from '../../lib/collectors/bedrock-account-settings.js';
import {
  EFFECTIVE_POLICY_TYPE,
  effectivePolicyId,
  ORGANIZATIONS_BEDROCK_POLICY,
} from '../../lib/collectors/organizations-ai-opt-out-policy.js';
import { control as dataRetention } from '../../lib/controls/bedrock_account_data_retention_restricted.js';
import { control as enforcedGuardrail } from '../../lib/controls/bedrock_account_enforced_guardrail_configured.js';
import { control as orgPolicy } from '../../lib/controls/organizations_bedrock_guardrail_policy_enforced.js';
import type { Scope } from '../../lib/evidence/coverage.js';
import { makeEvidence, sealEvidence } from '../../lib/evidence/record.js';
import { describeSharedCases, regionResourceId } from '../fixtures/control-cases.js';
import { accessDenied, COLLECTED_AT, complete, digestOf, failed, judge, SCOPE } from '../fixtures/evidence.js';
import { IAM_SCOPE } from '../fixtures/supporting.js';

const setting = (collector: string, operation: string, type: string, id: string, data: Record<string, unknown>, scope: Scope) =>
  sealEvidence(
    makeEvidence({
      accountId: scope.accountId,
      region: scope.region,
      source: { collector, service: collector.startsWith('organizations') ? 'organizations' : 'bedrock', operation },
      resource: { type, id },
      collectedAt: COLLECTED_AT,
      data,
    }),
  );
const retention = (mode: unknown, scope: Scope = SCOPE) =>
  setting(
    BEDROCK_DATA_RETENTION,
    'GetAccountDataRetention',
    DATA_RETENTION_TYPE,
    dataRetentionId(scope),
    { mode, updatedAt: '2026-08-01T00:00:00.000Z' },
    scope,
  );
const GUARDRAIL = `arn:aws:bedrock:${SCOPE.region}:${SCOPE.accountId}:guardrail/k7x2baseline`;
const enforced = (configs: unknown, scope: Scope = SCOPE) =>
  setting(
    BEDROCK_ENFORCED_GUARDRAILS,
    'ListEnforcedGuardrailsConfiguration',
    ENFORCED_GUARDRAILS_TYPE,
    enforcedGuardrailsId(scope),
    { guardrailsConfig: configs },
    scope,
  );
const config = (extra: Record<string, unknown> = {}) => ({
  configId: 'cfg-1',
  guardrailArn: GUARDRAIL,
  guardrailId: 'k7x2baseline',
  guardrailVersion: '3',
  selectiveContentGuarding: { system: 'SELECTIVE', messages: 'COMPREHENSIVE' },
  modelEnforcement: { includedModels: ['ALL'], excludedModels: [] },
  owner: 'ACCOUNT',
  ...extra,
});

type Case = [string, unknown, 'PASS' | 'FAIL' | 'INSUFFICIENT_EVIDENCE', string];

describe('bedrock_account_data_retention_restricted', () => {
  it.each<Case>([
    ['#1 zero data retention', 'none', 'PASS', 'zero data retention'],
    ['#2 the default handling', 'default', 'PASS', 'standard data handling'],
    ['#3 AWS review', 'aws_review', 'FAIL', 'AWS may review'],
    ['#4 shared with the model provider', 'provider_data_share', 'FAIL', 'shared with the model provider'],
    ['#5 inherited from a scope not shown', 'inherit', 'INSUFFICIENT_EVIDENCE', 'inherits'],
    ['#6 a mode this control does not know', 'forever', 'INSUFFICIENT_EVIDENCE', 'forever'],
    ['#7 no mode', undefined, 'INSUFFICIENT_EVIDENCE', 'no mode'],
  ])('%s is %s', (_case, mode, status, words) => {
    const evidence = retention(mode);
    const [finding, ...rest] = judge(dataRetention, { evidence: [evidence], coverage: [complete(BEDROCK_DATA_RETENTION, 1)] });
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ status, evidence: [digestOf(evidence)], resource: { type: DATA_RETENTION_TYPE } });
    expect(finding?.reason).toContain(words);
  });

  describeSharedCases({
    control: dataRetention,
    collector: BEDROCK_DATA_RETENTION,
    resourceType: DATA_RETENTION_TYPE,
    listOperation: 'GetAccountDataRetention',
    compliant: (scope) => retention('none', scope),
    scopeResourceId: regionResourceId,
  });
});

describe('bedrock_account_enforced_guardrail_configured', () => {
  it.each<Case>([
    ['#1 one guardrail on every message of every model', [config()], 'PASS', `${GUARDRAIL} version 3`],
    [
      '#2 a selective and a comprehensive one',
      [config({ selectiveContentGuarding: { messages: 'SELECTIVE' } }), config({ guardrailVersion: '4' })],
      'PASS',
      'version 4',
    ],
    ['#3 no enforced guardrail', [], 'FAIL', 'enforces no guardrail'],
    ['#4 selective guarding of user messages', [config({ selectiveContentGuarding: { messages: 'SELECTIVE' } })], 'FAIL', 'tags'],
    ['#5 the deprecated input tags honoured', [config({ selectiveContentGuarding: undefined, inputTags: 'HONOR' })], 'FAIL', 'tags'],
    ['#6 enforced on no model', [config({ modelEnforcement: { includedModels: [], excludedModels: [] } })], 'FAIL', 'no model'],
    ['#7 the DRAFT version', [config({ guardrailVersion: 'DRAFT' })], 'FAIL', 'DRAFT'],
    [
      '#8 a configuration naming no guardrail',
      [config({ guardrailArn: undefined, guardrailId: undefined })],
      'INSUFFICIENT_EVIDENCE',
      'names no guardrail',
    ],
    ['#9 configurations that are not a list', 'none', 'INSUFFICIENT_EVIDENCE', 'not reported as a list'],
  ])('%s is %s', (_case, configs, status, words) => {
    const evidence = enforced(configs);
    const findings = judge(enforcedGuardrail, { evidence: [evidence], coverage: [complete(BEDROCK_ENFORCED_GUARDRAILS, 1)] });
    expect(findings).toEqual([expect.objectContaining({ status, evidence: [digestOf(evidence)] })]);
    expect(findings[0]?.reason).toContain(words);
  });

  describeSharedCases({
    control: enforcedGuardrail,
    collector: BEDROCK_ENFORCED_GUARDRAILS,
    resourceType: ENFORCED_GUARDRAILS_TYPE,
    listOperation: 'ListEnforcedGuardrailsConfiguration',
    compliant: (scope) => enforced([config()], scope),
    scopeResourceId: regionResourceId,
  });
});

describe('organizations_bedrock_guardrail_policy_enforced', () => {
  const HOME = IAM_SCOPE;
  const EU = { accountId: HOME.accountId, region: 'eu-west-1' };
  const policyRecord = (data: Record<string, unknown>) =>
    setting(
      ORGANIZATIONS_BEDROCK_POLICY,
      'DescribeEffectivePolicy',
      EFFECTIVE_POLICY_TYPE,
      effectivePolicyId(HOME.accountId, 'BEDROCK_POLICY'),
      data,
      HOME,
    );
  const effective = (inference: Record<string, unknown>) =>
    policyRecord({
      EffectivePolicy: {
        PolicyType: 'BEDROCK_POLICY',
        TargetId: HOME.accountId,
        PolicyContent: JSON.stringify({ bedrock: { guardrail_inference: inference } }),
      },
    });
  const ARN = 'arn:aws:bedrock:us-east-1:999999999999:guardrail/orgbaseline:2';
  const entry = (extra: Record<string, unknown> = {}) => ({
    config_1: { identifier: ARN, selective_content_guarding: { messages: 'comprehensive' }, ...extra },
  });
  const judgeRegions = (
    evidence: ReturnType<typeof policyRecord>[],
    coverage = [complete(ORGANIZATIONS_BEDROCK_POLICY, evidence.length, HOME)],
  ) => {
    const findings = judge(orgPolicy, { scopes: [HOME, EU], evidence, coverage });
    expect(findings).toHaveLength(2);
    return { home: findings.find((f) => f.region === HOME.region), eu: findings.find((f) => f.region === 'eu-west-1') };
  };

  it('#1 a guardrail enforced in one region passes there and fails in the region it does not name', () => {
    const evidence = effective({ [HOME.region]: entry() });
    const { home, eu } = judgeRegions([evidence]);
    expect(home).toMatchObject({ status: 'PASS', evidence: [digestOf(evidence)] });
    expect(home?.reason).toContain(ARN);
    expect(eu).toMatchObject({ status: 'FAIL', evidence: [digestOf(evidence)] });
    expect(eu?.reason).toContain('enforces no guardrail in eu-west-1');
  });

  it.each<[string, ReturnType<typeof policyRecord>, 'PASS' | 'FAIL' | 'INSUFFICIENT_EVIDENCE', string]>([
    [
      '#2 values under @@assign, as in a policy document',
      effective({ [HOME.region]: { c: { identifier: { '@@assign': ARN } } } }),
      'PASS',
      ARN,
    ],
    [
      '#3 only tagged message content guarded',
      effective({ [HOME.region]: entry({ selective_content_guarding: { messages: 'selective' } }) }),
      'FAIL',
      'only tagged',
    ],
    [
      '#4 the deprecated input tags honoured',
      effective({ [HOME.region]: { c: { identifier: ARN, input_tags: 'honor' } } }),
      'FAIL',
      'only tagged',
    ],
    [
      '#5 no Bedrock policy applies',
      policyRecord({ Error: { Code: 'EffectivePolicyNotFoundException', Message: 'none' } }),
      'FAIL',
      'No AWS Organizations Bedrock policy',
    ],
    [
      '#6 not in an organization',
      policyRecord({ Error: { Code: 'AWSOrganizationsNotInUseException', Message: 'none' } }),
      'FAIL',
      'not in an AWS organization',
    ],
    [
      '#7 a configuration without an identifier',
      effective({ [HOME.region]: { c: { input_tags: 'ignore' } } }),
      'INSUFFICIENT_EVIDENCE',
      'without a guardrail identifier',
    ],
    [
      '#8 content that is not JSON',
      policyRecord({ EffectivePolicy: { PolicyContent: '{bedrock' } }),
      'INSUFFICIENT_EVIDENCE',
      'not valid JSON',
    ],
  ])('%s is %s in the region', (_case, evidence, status, words) => {
    const { home } = judgeRegions([evidence]);
    expect(home?.status).toBe(status);
    expect(home?.reason).toContain(words);
  });

  it('#9 every region is INSUFFICIENT_EVIDENCE when the policy could not be read', () => {
    const { home, eu } = judgeRegions([], [failed(ORGANIZATIONS_BEDROCK_POLICY, accessDenied('DescribeEffectivePolicy'), 0, HOME)]);
    expect([home?.status, eu?.status]).toEqual(['INSUFFICIENT_EVIDENCE', 'INSUFFICIENT_EVIDENCE']);
    expect(eu?.reason).toContain('AccessDeniedException');
  });

  it('#10 gives INSUFFICIENT_EVIDENCE when the collector did not run, or the run does not assess the home region', () => {
    expect(judgeRegions([], []).eu?.status).toBe('INSUFFICIENT_EVIDENCE');
    const findings = judge(orgPolicy, { scopes: [EU], evidence: [effective({ 'eu-west-1': entry() })], coverage: [] });
    expect(findings).toEqual([expect.objectContaining({ status: 'INSUFFICIENT_EVIDENCE', evidence: [] })]);
    expect(findings[0]?.reason).toContain('does not assess');
  });
});
