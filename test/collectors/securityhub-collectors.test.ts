import 'aws-sdk-client-mock-vitest/extend';
import {
  DescribeHubCommand,
  GetEnabledStandardsCommand,
  GetFindingsCommand,
  type GetFindingsCommandOutput,
  InvalidAccessException,
  SecurityHubClient,
  SecurityHubServiceException,
} from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { AI_FINDINGS_FILTERS, FINDINGS_LIMIT, securityhubAiFindings } from '../../lib/collectors/securityhub-ai-findings.js';
import { securityhubHub } from '../../lib/collectors/securityhub-hub.js';
import { CoverageEntrySchema } from '../../lib/evidence/coverage.js';
import { EvidenceRecordSchema } from '../../lib/evidence/record.js';
import { mockedContext } from '../fixtures/collector-context.js';
import { SCOPE } from '../fixtures/evidence.js';
import { asffFinding } from '../fixtures/governance.js';

const securityhub = mockClient(SecurityHubClient);

beforeEach(() => {
  securityhub.reset();
});

afterAll(() => {
  securityhub.restore();
});

const HUB_ARN = `arn:aws:securityhub:${SCOPE.region}:${SCOPE.accountId}:hub/default`;

function awsError(name: string, message: string, throttling = false): SecurityHubServiceException {
  const error = new SecurityHubServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });
  if (throttling) error.$retryable = { throttling: true };
  return error;
}

function subscription(path: string) {
  return {
    StandardsSubscriptionArn: `arn:aws:securityhub:${SCOPE.region}:${SCOPE.accountId}:subscription/${path}`,
    StandardsArn: `arn:aws:securityhub:${SCOPE.region}::standards/${path}`,
    StandardsInput: {},
    StandardsStatus: 'READY' as const,
  };
}

/** Serves paginated answers by NextToken `page-N`, recording the tokens sent. */
function pages<T>(items: T[][], key: string): (input: { NextToken?: string }) => Record<string, unknown> {
  return (input) => {
    const index = input.NextToken === undefined ? 0 : Number(input.NextToken.replace('page-', ''));
    return { [key]: items[index] ?? [], ...(index + 1 < items.length ? { NextToken: `page-${index + 1}` } : {}) };
  };
}

describe('securityhub.hub collector', () => {
  it('records the hub and every enabled standard across pages', async () => {
    // Prepare
    securityhub
      .on(DescribeHubCommand)
      .resolves({ $metadata: {}, HubArn: HUB_ARN, SubscribedAt: '2025-01-20T10:00:00.000Z', AutoEnableControls: true });
    securityhub
      .on(GetEnabledStandardsCommand)
      .callsFake(
        pages(
          [[subscription('ai-security-best-practices/v/1.0.0')], [subscription('aws-foundational-security-best-practices/v/1.0.0')]],
          'StandardsSubscriptions',
        ),
      );
    // Act
    const result = await securityhubHub.collect(mockedContext());
    // Assess
    expect(securityhub).toReceiveCommandTimes(GetEnabledStandardsCommand, 2);
    expect(result.coverage).toEqual({ collector: 'securityhub.hub', ...SCOPE, status: 'COMPLETE', records: 3, errors: [] });
    expect(result.records.map((r) => [r.source.operation, r.resource.type])).toEqual([
      ['DescribeHub', 'AWS::SecurityHub::Hub'],
      ['GetEnabledStandards', 'AWS::SecurityHub::Standard'],
      ['GetEnabledStandards', 'AWS::SecurityHub::Standard'],
    ]);
    expect(result.records[1]?.data).toEqual(subscription('ai-security-best-practices/v/1.0.0'));
    for (const record of result.records) expect(EvidenceRecordSchema.parse(record)).toEqual(record);
  });

  it('keeps the not-subscribed answer of DescribeHub as evidence that Security Hub is off, and reads no standards', async () => {
    securityhub.on(DescribeHubCommand).rejects(
      new InvalidAccessException({
        $metadata: { httpStatusCode: 401 },
        message: 'Account 111122223333 is not subscribed to AWS Security Hub',
      }),
    );
    const result = await securityhubHub.collect(mockedContext());
    expect(securityhub).not.toReceiveCommand(GetEnabledStandardsCommand);
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 1, errors: [] });
    expect(result.records[0]).toMatchObject({
      resource: { type: 'AWS::SecurityHub::Hub', id: HUB_ARN },
      data: { ErrorCode: 'InvalidAccessException', ErrorMessage: 'Account 111122223333 is not subscribed to AWS Security Hub' },
    });
  });

  it('turns AccessDenied on DescribeHub into FAILED coverage, not into "off"', async () => {
    securityhub
      .on(DescribeHubCommand)
      .rejects(awsError('AccessDeniedException', 'User is not authorized to perform: securityhub:DescribeHub'));
    const result = await securityhubHub.collect(mockedContext());
    expect(result.records).toEqual([]);
    expect(result.coverage).toMatchObject({ status: 'FAILED', errors: [{ operation: 'DescribeHub', kind: 'ACCESS_DENIED' }] });
    expect(CoverageEntrySchema.parse(result.coverage)).toEqual(result.coverage);
  });

  it('keeps the hub when the standards listing is throttled past the retries', async () => {
    securityhub.on(DescribeHubCommand).resolves({ HubArn: HUB_ARN });
    securityhub.on(GetEnabledStandardsCommand).rejects(awsError('TooManyRequestsException', 'Rate exceeded', true));
    const result = await securityhubHub.collect(mockedContext());
    expect(result.records).toHaveLength(1);
    expect(result.coverage).toMatchObject({ status: 'FAILED', errors: [{ operation: 'GetEnabledStandards', kind: 'THROTTLED' }] });
  });

  it.each<[string, object]>([
    ['a hub without HubArn', { describe: {} }],
    [
      'a subscription without StandardsArn',
      { standards: { StandardsSubscriptions: [{ StandardsSubscriptionArn: 'arn:x', StandardsStatus: 'READY' }] } },
    ],
  ])('turns %s into INVALID_RESPONSE coverage', async (_case, answers: { describe?: object; standards?: object }) => {
    securityhub.on(DescribeHubCommand).resolves(answers.describe ?? { HubArn: HUB_ARN });
    securityhub.on(GetEnabledStandardsCommand).resolves(answers.standards ?? { StandardsSubscriptions: [] });
    const result = await securityhubHub.collect(mockedContext());
    expect(result.coverage.errors).toEqual([expect.objectContaining({ kind: 'INVALID_RESPONSE' })]);
  });

  it('turns a repeated NextToken into INVALID_RESPONSE instead of paging forever', async () => {
    securityhub.on(DescribeHubCommand).resolves({ HubArn: HUB_ARN });
    let calls = 0;
    securityhub.on(GetEnabledStandardsCommand).callsFake(() => {
      calls += 1;
      if (calls > 20) throw awsError('RunawayPagination', 'kept paging');
      return { StandardsSubscriptions: [], NextToken: 'same' };
    });
    const result = await securityhubHub.collect(mockedContext());
    expect(calls).toBe(2);
    expect(result.coverage.errors).toEqual([expect.objectContaining({ operation: 'GetEnabledStandards', kind: 'INVALID_RESPONSE' })]);
  });
});

describe('securityhub.ai-findings collector', () => {
  it('asks for active, untriaged CRITICAL and HIGH findings on SageMaker and Bedrock resources, over every page', async () => {
    // Prepare
    securityhub.on(GetFindingsCommand).callsFake(pages([[asffFinding(1), asffFinding(2)], [asffFinding(3)]], 'Findings'));
    // Act
    const result = await securityhubAiFindings.collect(mockedContext());
    // Assess
    expect(securityhub).toReceiveCommandWith(GetFindingsCommand, { Filters: AI_FINDINGS_FILTERS, MaxResults: 100 });
    expect(AI_FINDINGS_FILTERS.ResourceType).toEqual([
      { Value: 'AwsSageMaker', Comparison: 'PREFIX' },
      { Value: 'AwsBedrock', Comparison: 'PREFIX' },
    ]);
    // ai-evidence's own published findings are not read back as other tools' findings.
    expect(AI_FINDINGS_FILTERS.GeneratorId).toEqual([{ Value: 'ai-evidence/', Comparison: 'PREFIX_NOT_EQUALS' }]);
    expect(result.records.map((r) => r.resource.id)).toEqual([1, 2, 3].map((n) => String(asffFinding(n).Id)));
    expect(result.records[0]).toMatchObject({ resource: { type: 'AWS::SecurityHub::Finding' }, source: { operation: 'GetFindings' } });
    expect(result.coverage).toMatchObject({ status: 'COMPLETE', records: 3, errors: [] });
  });

  it(`stops after ${FINDINGS_LIMIT} findings and says more remain`, async () => {
    // Prepare: twelve full pages.
    let calls = 0;
    securityhub.on(GetFindingsCommand).callsFake((input: { NextToken?: string }): Partial<GetFindingsCommandOutput> => {
      calls += 1;
      const page = input.NextToken === undefined ? 0 : Number(input.NextToken.replace('page-', ''));
      return { Findings: Array.from({ length: 100 }, (_, i) => asffFinding(page * 100 + i) as never), NextToken: `page-${page + 1}` };
    });
    // Act
    const result = await securityhubAiFindings.collect(mockedContext());
    // Assess
    expect(calls).toBe(10);
    expect(result.records).toHaveLength(FINDINGS_LIMIT);
    expect(result.coverage.errors).toEqual([
      { operation: 'GetFindings', kind: 'ERROR', code: 'FindingLimitReached', message: 'Stopped after 1000 findings; more remain unread.' },
    ]);
  });

  it('turns Security Hub being off or denied into FAILED coverage, and keeps findings read before a failure', async () => {
    securityhub
      .on(GetFindingsCommand)
      .resolvesOnce({ Findings: [asffFinding(1) as never], NextToken: 'page-1' })
      .rejectsOnce(awsError('AccessDeniedException', 'User is not authorized to perform: securityhub:GetFindings'));
    const result = await securityhubAiFindings.collect(mockedContext());
    expect(result.records).toHaveLength(1);
    expect(result.coverage).toMatchObject({ status: 'FAILED', errors: [{ operation: 'GetFindings', kind: 'ACCESS_DENIED' }] });
  });

  it('turns a finding without an Id into INVALID_RESPONSE coverage', async () => {
    securityhub.on(GetFindingsCommand).resolves({ Findings: [{ ...asffFinding(1), Id: undefined } as never] });
    const result = await securityhubAiFindings.collect(mockedContext());
    expect(result.coverage.errors).toEqual([expect.objectContaining({ operation: 'GetFindings', kind: 'INVALID_RESPONSE' })]);
  });
});
