/**
 * The AI services opt-out policy collector, with aws-sdk-client-mock for the answers (throttling
 * through the SDK's retry is in organizations-adaptive-retry.test.ts: the mock replaces send).
 */
import 'aws-sdk-client-mock-vitest/extend';
import {
  AccessDeniedException,
  AWSOrganizationsNotInUseException,
  DescribeEffectivePolicyCommand,
  EffectivePolicyNotFoundException,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  aiOptOutPolicyId,
  EFFECTIVE_POLICY_TYPE,
  ORGANIZATIONS_AI_OPT_OUT_POLICY,
  organizationsAiOptOutPolicy,
} from '../../lib/collectors/organizations-ai-opt-out-policy.js';
import { CoverageEntrySchema } from '../../lib/evidence/coverage.js';
import { EvidenceRecordSchema } from '../../lib/evidence/record.js';
import { mockedContext } from '../fixtures/collector-context.js';
import { COLLECTED_AT } from '../fixtures/evidence.js';
import { IAM_SCOPE } from '../fixtures/supporting.js';

const organizations = mockClient(OrganizationsClient);
beforeEach(() => organizations.reset());
afterAll(() => organizations.restore());

const HOME = IAM_SCOPE;
const CONTENT = JSON.stringify({ services: { default: { opt_out_policy: 'optOut' } } });
const answer = {
  EffectivePolicy: {
    PolicyContent: CONTENT,
    LastUpdatedTimestamp: new Date('2026-05-04T10:00:00Z'),
    TargetId: HOME.accountId,
    PolicyType: 'AISERVICES_OPT_OUT_POLICY' as const,
  },
};
const meta = { $metadata: {} };

describe('organizations.ai-opt-out-policy', () => {
  it('asks for the AI services opt-out policy of the calling account and keeps the answer as a valid record', async () => {
    // Prepare
    organizations.on(DescribeEffectivePolicyCommand).resolves({ ...answer, $metadata: { httpStatusCode: 200 } });
    // Act
    const result = await organizationsAiOptOutPolicy.collect(mockedContext(HOME));
    // Assess
    expect(organizations).toReceiveCommandTimes(DescribeEffectivePolicyCommand, 1);
    expect(organizations).toReceiveCommandWith(DescribeEffectivePolicyCommand, { PolicyType: 'AISERVICES_OPT_OUT_POLICY' });
    expect(organizations.commandCalls(DescribeEffectivePolicyCommand)[0]?.args[0].input).not.toHaveProperty('TargetId');
    expect(result.coverage).toEqual({ collector: ORGANIZATIONS_AI_OPT_OUT_POLICY, ...HOME, status: 'COMPLETE', records: 1, errors: [] });
    const record = result.records[0];
    expect(EvidenceRecordSchema.parse(record)).toEqual(record);
    expect(record).toMatchObject({
      source: { collector: ORGANIZATIONS_AI_OPT_OUT_POLICY, service: 'organizations', operation: 'DescribeEffectivePolicy' },
      resource: { type: EFFECTIVE_POLICY_TYPE, id: aiOptOutPolicyId(HOME.accountId) },
      collectedAt: COLLECTED_AT,
      data: { EffectivePolicy: { PolicyContent: CONTENT, TargetId: HOME.accountId } },
    });
    expect(record?.data).not.toHaveProperty('$metadata');
  });

  it('reads nothing outside its home region, and reports that region COMPLETE with no record', async () => {
    // Prepare
    organizations.on(DescribeEffectivePolicyCommand).resolves(answer);
    // Act
    const result = await organizationsAiOptOutPolicy.collect(mockedContext({ ...HOME, region: 'eu-west-1' }));
    // Assess
    expect(organizations).not.toReceiveCommand(DescribeEffectivePolicyCommand);
    expect(result.records).toEqual([]);
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 0, errors: [] });
  });

  it.each([
    [
      'AWSOrganizationsNotInUseException',
      new AWSOrganizationsNotInUseException({ message: 'Your account is not a member of an organization.', ...meta }),
    ],
    [
      'EffectivePolicyNotFoundException',
      new EffectivePolicyNotFoundException({ message: 'No effective policy of type AISERVICES_OPT_OUT_POLICY.', ...meta }),
    ],
  ])('keeps %s as an answer: a record of the error, COMPLETE coverage', async (code, error) => {
    // Prepare
    organizations.on(DescribeEffectivePolicyCommand).rejects(error);
    // Act
    const result = await organizationsAiOptOutPolicy.collect(mockedContext(HOME));
    // Assess
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 1, errors: [] });
    expect(result.records[0]?.data).toEqual({ Error: { Code: code, Message: error.message } });
    expect(result.records[0]?.resource.id).toBe(aiOptOutPolicyId(HOME.accountId));
  });

  it('turns AccessDenied into FAILED coverage naming the operation, with no record and without throwing', async () => {
    // Prepare
    organizations
      .on(DescribeEffectivePolicyCommand)
      .rejects(new AccessDeniedException({ message: 'not authorized to perform organizations:DescribeEffectivePolicy', ...meta }));
    // Act
    const result = await organizationsAiOptOutPolicy.collect(mockedContext(HOME));
    // Assess
    expect(result.records).toEqual([]);
    expect(result.coverage.status).toBe('FAILED');
    expect(result.coverage.errors).toEqual([
      {
        operation: 'DescribeEffectivePolicy',
        kind: 'ACCESS_DENIED',
        code: 'AccessDeniedException',
        message: 'not authorized to perform organizations:DescribeEffectivePolicy',
      },
    ]);
    expect(CoverageEntrySchema.parse(result.coverage)).toEqual(result.coverage);
  });

  it('turns an answer without EffectivePolicy into INVALID_RESPONSE, not a record', async () => {
    // Prepare
    organizations.on(DescribeEffectivePolicyCommand).resolves({});
    // Act
    const result = await organizationsAiOptOutPolicy.collect(mockedContext(HOME));
    // Assess
    expect(result.records).toEqual([]);
    expect(result.coverage).toMatchObject({
      status: 'FAILED',
      errors: [{ operation: 'DescribeEffectivePolicy', kind: 'INVALID_RESPONSE' }],
    });
  });

  it('declares the one action it calls', () => {
    expect(organizationsAiOptOutPolicy.actions).toEqual(['organizations:DescribeEffectivePolicy']);
  });
});
