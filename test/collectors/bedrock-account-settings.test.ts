/** The Bedrock account setting collectors and the organization Bedrock policy collector, with aws-sdk-client-mock answers. */
import 'aws-sdk-client-mock-vitest/extend';
import { BedrockClient, GetAccountDataRetentionCommand, ListEnforcedGuardrailsConfigurationCommand } from '@aws-sdk/client-bedrock';
import { DescribeEffectivePolicyCommand, EffectivePolicyNotFoundException, OrganizationsClient } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BEDROCK_DATA_RETENTION,
  BEDROCK_ENFORCED_GUARDRAILS,
  bedrockDataRetention,
  bedrockEnforcedGuardrails,
  dataRetentionId,
  enforcedGuardrailsId,
} from '../../lib/collectors/bedrock-account-settings.js';
import {
  effectivePolicyId,
  ORGANIZATIONS_BEDROCK_POLICY,
  organizationsBedrockPolicy,
} from '../../lib/collectors/organizations-ai-opt-out-policy.js';
import { EvidenceRecordSchema } from '../../lib/evidence/record.js';
import { mockedContext } from '../fixtures/collector-context.js';
import { SCOPE } from '../fixtures/evidence.js';
import { IAM_SCOPE } from '../fixtures/supporting.js';

const bedrock = mockClient(BedrockClient);
const organizations = mockClient(OrganizationsClient);
beforeEach(() => {
  bedrock.reset();
  organizations.reset();
});
afterAll(() => {
  bedrock.restore();
  organizations.restore();
});
const denied = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });

describe('bedrock.data-retention', () => {
  it('keeps the mode as one record of the region', async () => {
    bedrock.on(GetAccountDataRetentionCommand).resolves({ mode: 'none', $metadata: {} });
    const result = await bedrockDataRetention.collect(mockedContext());
    expect(result.coverage).toMatchObject({ collector: BEDROCK_DATA_RETENTION, status: 'COMPLETE', records: 1 });
    expect(EvidenceRecordSchema.parse(result.records[0])).toMatchObject({
      resource: { id: dataRetentionId(SCOPE) },
      data: { mode: 'none' },
    });
    expect(result.records[0]?.data).not.toHaveProperty('$metadata');
  });

  it('turns a refusal into a FAILED coverage entry and keeps no record', async () => {
    bedrock.on(GetAccountDataRetentionCommand).rejects(denied);
    const result = await bedrockDataRetention.collect(mockedContext());
    expect(result.records).toEqual([]);
    expect(result.coverage).toMatchObject({ status: 'FAILED', errors: [{ operation: 'GetAccountDataRetention', kind: 'ACCESS_DENIED' }] });
  });
});

describe('bedrock.enforced-guardrails', () => {
  it('reads every page into one record, so that none enforced is evidence', async () => {
    bedrock
      .on(ListEnforcedGuardrailsConfigurationCommand, {})
      .resolves({ guardrailsConfig: [{ configId: 'a', guardrailId: 'g1', guardrailVersion: '1' }], nextToken: 't1' })
      .on(ListEnforcedGuardrailsConfigurationCommand, { nextToken: 't1' })
      .resolves({ guardrailsConfig: [{ configId: 'b', guardrailId: 'g2', guardrailVersion: '2' }] });
    const result = await bedrockEnforcedGuardrails.collect(mockedContext());
    expect(bedrock).toReceiveCommandTimes(ListEnforcedGuardrailsConfigurationCommand, 2);
    expect(result.coverage).toMatchObject({ collector: BEDROCK_ENFORCED_GUARDRAILS, status: 'COMPLETE', records: 1 });
    expect(result.records[0]).toMatchObject({ resource: { id: enforcedGuardrailsId(SCOPE) } });
    expect(((result.records[0]?.data.guardrailsConfig ?? []) as { configId: string }[]).map((c) => c.configId)).toEqual(['a', 'b']);
  });

  it.each([
    ['a page without guardrailsConfig', [{ nextToken: undefined }]],
    ['a repeated nextToken', [{ guardrailsConfig: [], nextToken: 'same' }]],
  ])('gives INVALID_RESPONSE coverage and no record for %s', async (_case, pages) => {
    bedrock.on(ListEnforcedGuardrailsConfigurationCommand).resolves(pages[0] as object);
    const result = await bedrockEnforcedGuardrails.collect(mockedContext());
    expect(result.records).toEqual([]);
    expect(result.coverage).toMatchObject({ status: 'FAILED', errors: [{ kind: 'INVALID_RESPONSE' }] });
  });
});

describe('organizations.bedrock-policy', () => {
  it('asks for the BEDROCK_POLICY of the calling account in the home region only', async () => {
    organizations
      .on(DescribeEffectivePolicyCommand)
      .resolves({ EffectivePolicy: { PolicyType: 'BEDROCK_POLICY', PolicyContent: '{"bedrock":{}}' } });
    const result = await organizationsBedrockPolicy.collect(mockedContext(IAM_SCOPE));
    expect(organizations).toReceiveCommandWith(DescribeEffectivePolicyCommand, { PolicyType: 'BEDROCK_POLICY' });
    expect(result.records[0]).toMatchObject({
      source: { collector: ORGANIZATIONS_BEDROCK_POLICY },
      resource: { id: effectivePolicyId(IAM_SCOPE.accountId, 'BEDROCK_POLICY') },
    });
    const elsewhere = await organizationsBedrockPolicy.collect(mockedContext({ ...IAM_SCOPE, region: 'eu-west-1' }));
    expect(elsewhere.records).toEqual([]);
    expect(organizations).toReceiveCommandTimes(DescribeEffectivePolicyCommand, 1);
  });

  it('keeps "no Bedrock policy applies" as an answer', async () => {
    organizations.on(DescribeEffectivePolicyCommand).rejects(new EffectivePolicyNotFoundException({ message: 'none', $metadata: {} }));
    const result = await organizationsBedrockPolicy.collect(mockedContext(IAM_SCOPE));
    expect(result.coverage.status).toBe('COMPLETE');
    expect(result.records[0]?.data).toEqual({ Error: { Code: 'EffectivePolicyNotFoundException', Message: 'none' } });
  });
});
