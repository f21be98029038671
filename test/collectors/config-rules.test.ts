import 'aws-sdk-client-mock-vitest/extend';
import {
  type ConfigRule,
  ConfigServiceClient,
  ConfigServiceServiceException,
  DescribeComplianceByConfigRuleCommand,
  DescribeConfigRulesCommand,
  GetComplianceDetailsByConfigRuleCommand,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { configRules, isAiManagedRule } from '../../lib/collectors/config-rules.js';
import { EvidenceRecordSchema } from '../../lib/evidence/record.js';
import { mockedContext } from '../fixtures/collector-context.js';
import { SCOPE } from '../fixtures/evidence.js';
import { configRule, ruleArn } from '../fixtures/governance.js';

const config = mockClient(ConfigServiceClient);

beforeEach(() => {
  config.reset();
});

afterAll(() => {
  config.restore();
});

function awsError(name: string, message: string): ConfigServiceServiceException {
  return new ConfigServiceServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });
}

const rule = (name: string, id: string) => configRule(name, id) as unknown as ConfigRule;
const S3_RULE = { ...rule('s3-versioning', 'S3_BUCKET_VERSIONING_ENABLED') };
const CUSTOM = {
  ...rule('custom-sm', 'x'),
  Source: { Owner: 'CUSTOM_LAMBDA', SourceIdentifier: 'arn:aws:lambda:eu-west-1:111122223333:function:sm' },
} as ConfigRule;

function listRules(pages: ConfigRule[][]): void {
  config.on(DescribeConfigRulesCommand).callsFake((input: { NextToken?: string }) => {
    const index = input.NextToken === undefined ? 0 : Number(input.NextToken.replace('page-', ''));
    return { ConfigRules: pages[index], ...(index + 1 < pages.length ? { NextToken: `page-${index + 1}` } : {}) };
  });
}

function complianceOf(types: Record<string, string>): void {
  config.on(DescribeComplianceByConfigRuleCommand).callsFake((input: { ConfigRuleNames: string[] }) => ({
    ComplianceByConfigRules: input.ConfigRuleNames.filter((n) => types[n] !== undefined).map((n) => ({
      ConfigRuleName: n,
      Compliance: { ComplianceType: types[n] },
    })),
  }));
}

const result = (id: string) => ({
  EvaluationResultIdentifier: {
    EvaluationResultQualifier: { ConfigRuleName: 'sm-internet', ResourceType: 'AWS::SageMaker::NotebookInstance', ResourceId: id },
  },
  ComplianceType: 'NON_COMPLIANT' as const,
});

describe('config.rules collector', () => {
  it('keeps only AWS managed SageMaker and Bedrock rules, from every page', () => {
    expect(isAiManagedRule(rule('a', 'SAGEMAKER_MODEL_ISOLATION_ENABLED'))).toBe(true);
    expect(isAiManagedRule(rule('b', 'BEDROCK_KNOWLEDGE_BASE_ENCRYPTED'))).toBe(true);
    expect(isAiManagedRule(S3_RULE)).toBe(false);
    expect(isAiManagedRule(CUSTOM)).toBe(false);
  });

  it('reads the rules over pages, the compliance of the AI rules, and the non-compliant resources of the failing one', async () => {
    // Prepare
    listRules([
      [rule('sm-internet', 'SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS'), S3_RULE],
      [CUSTOM, rule('sm-kms', 'SAGEMAKER_NOTEBOOK_INSTANCE_KMS_KEY_CONFIGURED')],
    ]);
    complianceOf({ 'sm-internet': 'NON_COMPLIANT', 'sm-kms': 'COMPLIANT' });
    config
      .on(GetComplianceDetailsByConfigRuleCommand)
      .callsFake((input: { NextToken?: string }) =>
        input.NextToken === undefined
          ? { EvaluationResults: [result('nb-1')], NextToken: 'page-1' }
          : { EvaluationResults: [result('nb-2')] },
      );
    // Act
    const { records, coverage } = await configRules.collect(mockedContext());
    // Assess
    expect(config).toReceiveCommandWith(DescribeComplianceByConfigRuleCommand, { ConfigRuleNames: ['sm-internet', 'sm-kms'] });
    expect(config).toReceiveCommandWith(GetComplianceDetailsByConfigRuleCommand, {
      ConfigRuleName: 'sm-internet',
      ComplianceTypes: ['NON_COMPLIANT'],
      Limit: 100,
    });
    expect(config).toReceiveCommandTimes(GetComplianceDetailsByConfigRuleCommand, 2);
    expect(records.map((r) => [r.source.operation, r.resource.id])).toEqual([
      ['DescribeConfigRules', ruleArn('sm-internet')],
      ['DescribeConfigRules', ruleArn('sm-kms')],
      ['DescribeComplianceByConfigRule', ruleArn('sm-internet')],
      ['DescribeComplianceByConfigRule', ruleArn('sm-kms')],
      ['GetComplianceDetailsByConfigRule', ruleArn('sm-internet')],
    ]);
    expect(records[4]?.data).toEqual({ EvaluationResults: [result('nb-1'), result('nb-2')] });
    for (const record of records) expect(EvidenceRecordSchema.parse(record)).toEqual(record);
    expect(coverage).toEqual({ collector: 'config.rules', ...SCOPE, status: 'COMPLETE', records: 5, errors: [] });
  });

  it('asks for compliance 25 rule names at a time', async () => {
    listRules([Array.from({ length: 30 }, (_, i) => rule(`sm-${i}`, 'SAGEMAKER_MODEL_IN_VPC'))]);
    complianceOf({});
    const { coverage } = await configRules.collect(mockedContext());
    expect(config).toReceiveCommandTimes(DescribeComplianceByConfigRuleCommand, 2);
    const sizes = config.commandCalls(DescribeComplianceByConfigRuleCommand).map((c) => c.args[0].input.ConfigRuleNames?.length);
    expect(sizes).toEqual([25, 5]);
    expect(coverage.status).toBe('COMPLETE');
  });

  it('turns AccessDenied on the rule listing into FAILED coverage', async () => {
    config
      .on(DescribeConfigRulesCommand)
      .rejects(awsError('AccessDeniedException', 'User is not authorized to perform: config:DescribeConfigRules'));
    const { records, coverage } = await configRules.collect(mockedContext());
    expect(records).toEqual([]);
    expect(coverage).toMatchObject({ status: 'FAILED', errors: [{ operation: 'DescribeConfigRules', kind: 'ACCESS_DENIED' }] });
  });

  it('names every rule of a compliance call that failed, keeping the rules listed', async () => {
    listRules([[rule('a', 'SAGEMAKER_MODEL_IN_VPC'), rule('b', 'SAGEMAKER_MODEL_ISOLATION_ENABLED')]]);
    config
      .on(DescribeComplianceByConfigRuleCommand)
      .rejects(Object.assign(awsError('ThrottlingException', 'Rate exceeded'), { $retryable: { throttling: true } }));
    const { records, coverage } = await configRules.collect(mockedContext());
    expect(records).toHaveLength(2);
    expect(coverage.status).toBe('PARTIAL');
    expect(coverage.errors.map((e) => [e.operation, e.resourceId, e.kind])).toEqual([
      ['DescribeComplianceByConfigRule', ruleArn('a'), 'THROTTLED'],
      ['DescribeComplianceByConfigRule', ruleArn('b'), 'THROTTLED'],
    ]);
  });

  it('turns a failed details read into PARTIAL coverage naming the rule', async () => {
    listRules([[rule('sm-internet', 'SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS')]]);
    complianceOf({ 'sm-internet': 'NON_COMPLIANT' });
    config.on(GetComplianceDetailsByConfigRuleCommand).rejects(awsError('AccessDeniedException', 'denied'));
    const { coverage } = await configRules.collect(mockedContext());
    expect(coverage.errors).toEqual([
      expect.objectContaining({ operation: 'GetComplianceDetailsByConfigRule', resourceId: ruleArn('sm-internet'), kind: 'ACCESS_DENIED' }),
    ]);
  });

  it.each<[string, object]>([
    [
      'a rule without an ARN',
      { ConfigRules: [{ ConfigRuleName: 'x', Source: { Owner: 'AWS', SourceIdentifier: 'SAGEMAKER_MODEL_IN_VPC' } }] },
    ],
    ['a repeated NextToken', { ConfigRules: [], NextToken: 'again' }],
  ])('turns %s in the listing into INVALID_RESPONSE', async (_case, answer) => {
    config.on(DescribeConfigRulesCommand).resolves(answer);
    const { coverage } = await configRules.collect(mockedContext());
    expect(coverage.errors).toEqual([expect.objectContaining({ operation: 'DescribeConfigRules', kind: 'INVALID_RESPONSE' })]);
  });

  it('turns compliance for a rule it did not ask about into INVALID_RESPONSE for the rules of that call', async () => {
    listRules([[rule('a', 'SAGEMAKER_MODEL_IN_VPC')]]);
    config
      .on(DescribeComplianceByConfigRuleCommand)
      .resolves({ ComplianceByConfigRules: [{ ConfigRuleName: 'other', Compliance: { ComplianceType: 'COMPLIANT' } }] });
    const { coverage } = await configRules.collect(mockedContext());
    expect(coverage.errors).toEqual([
      expect.objectContaining({ operation: 'DescribeComplianceByConfigRule', resourceId: ruleArn('a'), kind: 'INVALID_RESPONSE' }),
    ]);
  });
});
