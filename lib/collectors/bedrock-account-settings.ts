import { GetAccountDataRetentionCommand, ListEnforcedGuardrailsConfigurationCommand } from '@aws-sdk/client-bedrock';
import type { CoverageError } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { collectorResult, coverageError, InvalidResponseError } from './errors.js';
import { governanceRecord, regionSettingId, requiredList } from './governance-helpers.js';
import { guardedPages } from './list-describe.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

export const BEDROCK_DATA_RETENTION = 'bedrock.data-retention';
export const DATA_RETENTION_TYPE = 'AWS::Bedrock::AccountDataRetention';
export const BEDROCK_ENFORCED_GUARDRAILS = 'bedrock.enforced-guardrails';
export const ENFORCED_GUARDRAILS_TYPE = 'AWS::Bedrock::EnforcedGuardrailConfiguration';

/** The ids of the two account settings, which have no ARN: stable per account and region. */
export const dataRetentionId = (scope: { accountId: string; region: string }) => regionSettingId('bedrock', 'data-retention', scope);
export const enforcedGuardrailsId = (scope: { accountId: string; region: string }) =>
  regionSettingId('bedrock', 'enforced-guardrails-configuration', scope);

/** One read of an account setting kept as one record, or a coverage error. */
async function readSetting(
  ctx: CollectorContext,
  spec: { id: string; operation: string; type: string; resourceId: string },
  read: () => Promise<object>,
): Promise<CollectorResult> {
  const errors: CoverageError[] = [];
  const records: EvidenceRecord[] = [];
  try {
    const data = await read();
    records.push(
      governanceRecord(ctx, {
        collector: spec.id,
        service: 'bedrock',
        operation: spec.operation,
        resource: { type: spec.type, id: spec.resourceId },
        data,
      }),
    );
  } catch (error) {
    errors.push(coverageError(spec.operation, error));
  }
  return collectorResult(spec.id, ctx, records, errors);
}

/**
 * The account's Bedrock data retention mode in the region (GetAccountDataRetention): whether prompts
 * and completions may be kept for AWS review or shared with the model provider, or kept not at all.
 */
export const bedrockDataRetention: Collector = {
  id: BEDROCK_DATA_RETENTION,
  service: 'bedrock',
  description: 'The Amazon Bedrock account data retention mode of the region (zero retention, default, AWS review, provider data sharing).',
  actions: ['bedrock:GetAccountDataRetention'],
  collect: (ctx) =>
    readSetting(
      ctx,
      { id: BEDROCK_DATA_RETENTION, operation: 'GetAccountDataRetention', type: DATA_RETENTION_TYPE, resourceId: dataRetentionId(ctx) },
      async () => {
        const { $metadata: _metadata, ...output } = await ctx.clients
          .client('bedrock', ctx.region)
          .send(new GetAccountDataRetentionCommand({}));
        return output;
      },
    ),
};

/**
 * The guardrails the account enforces on every model invocation in the region
 * (ListEnforcedGuardrailsConfiguration, every page in one record `{ guardrailsConfig }`), so that
 * "none enforced" is evidence rather than an absence.
 */
export const bedrockEnforcedGuardrails: Collector = {
  id: BEDROCK_ENFORCED_GUARDRAILS,
  service: 'bedrock',
  description:
    'The Amazon Bedrock guardrails the account enforces on every model invocation in the region (account-level enforced guardrails).',
  actions: ['bedrock:ListEnforcedGuardrailsConfiguration'],
  collect: (ctx) =>
    readSetting(
      ctx,
      {
        id: BEDROCK_ENFORCED_GUARDRAILS,
        operation: 'ListEnforcedGuardrailsConfiguration',
        type: ENFORCED_GUARDRAILS_TYPE,
        resourceId: enforcedGuardrailsId(ctx),
      },
      async () => {
        const client = ctx.clients.client('bedrock', ctx.region);
        async function* pages() {
          let nextToken: string | undefined;
          do {
            const page = await client.send(new ListEnforcedGuardrailsConfigurationCommand(nextToken === undefined ? {} : { nextToken }));
            yield page;
            nextToken = page.nextToken;
          } while (nextToken !== undefined && nextToken !== '');
        }
        const guardrailsConfig: unknown[] = [];
        for await (const page of guardedPages('ListEnforcedGuardrailsConfiguration', pages())) {
          guardrailsConfig.push(...requiredList('ListEnforcedGuardrailsConfiguration', page, 'guardrailsConfig'));
        }
        if (guardrailsConfig.some((c) => c === null || typeof c !== 'object')) {
          throw new InvalidResponseError('ListEnforcedGuardrailsConfiguration returned a configuration that is not an object.');
        }
        return { guardrailsConfig };
      },
    ),
};
