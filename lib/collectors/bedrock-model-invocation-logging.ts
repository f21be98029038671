import { GetModelInvocationLoggingConfigurationCommand } from '@aws-sdk/client-bedrock';
import type { CoverageError } from '../evidence/coverage.js';
import { type EvidenceRecord, makeEvidence } from '../evidence/record.js';
import { collectorResult, coverageError } from './errors.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

const ID = 'bedrock.model-invocation-logging';

/** The region's Bedrock model invocation logging configuration (one per account and region). */
export const bedrockModelInvocationLogging: Collector = {
  id: ID,
  service: 'bedrock',
  description: 'Amazon Bedrock model invocation logging configuration of the region.',
  actions: ['bedrock:GetModelInvocationLoggingConfiguration'],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    const client = ctx.clients.client('bedrock', ctx.region);
    const errors: CoverageError[] = [];
    const records: EvidenceRecord[] = [];
    try {
      const output = await client.send(new GetModelInvocationLoggingConfigurationCommand({}));
      records.push(
        makeEvidence({
          accountId: ctx.accountId,
          region: ctx.region,
          source: { collector: ID, service: 'bedrock', operation: 'GetModelInvocationLoggingConfiguration' },
          resource: { type: 'AWS::Bedrock::ModelInvocationLoggingConfiguration', id: invocationLoggingId(ctx) },
          collectedAt: ctx.now(),
          data: output,
        }),
      );
    } catch (error) {
      errors.push(coverageError('GetModelInvocationLoggingConfiguration', error));
    }
    return collectorResult(ID, ctx, records, errors);
  },
};

/** The region-level setting has no ARN; this id is stable per account and region. */
export function invocationLoggingId(scope: { accountId: string; region: string }): string {
  return `arn:aws:bedrock:${scope.region}:${scope.accountId}:model-invocation-logging-configuration`;
}
