import { GetModelInvocationLoggingConfigurationCommand } from '@aws-sdk/client-bedrock';
import { paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import { GetBucketEncryptionCommand } from '@aws-sdk/client-s3';
import type { CoverageError } from '../evidence/coverage.js';
import { type EvidenceRecord, makeEvidence } from '../evidence/record.js';
import { collectorResult, coverageError, InvalidResponseError } from './errors.js';
import { arnPrefix, guardedPages, text } from './list-describe.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

export const LOG_BUCKETS_ID = 'bedrock.invocation-log-buckets';
export const LOG_GROUPS_ID = 'bedrock.invocation-log-groups';
export const LOG_BUCKET_TYPE = 'AWS::S3::Bucket';
export const LOG_GROUP_TYPE = 'AWS::Logs::LogGroup';

/** The ARN of an S3 bucket (bucket ARNs carry neither region nor account). */
export function bucketArn(bucket: string): string {
  return `arn:aws:s3:::${bucket}`;
}

/** The ARN of a CloudWatch Logs group, without the `:*` DescribeLogGroups appends to its `arn`. */
export function logGroupArn(scope: { accountId: string; region: string }, name: string): string {
  return `${arnPrefix('logs', scope)}:log-group:${name}`;
}

/** The destinations a logging configuration names: its bucket, the large-payload bucket and its log group. */
export function destinationsOfConfig(config: unknown): { buckets: string[]; logGroup: string | undefined } {
  const fields = config !== null && typeof config === 'object' ? (config as Record<string, Record<string, unknown> | undefined>) : {};
  const cloudWatch = fields.cloudWatchConfig;
  const large = cloudWatch?.largeDataDeliveryS3Config as Record<string, unknown> | undefined;
  const buckets = [text(fields.s3Config?.bucketName), text(large?.bucketName)].filter((b): b is string => b !== undefined);
  return { buckets: [...new Set(buckets)].sort(), logGroup: text(cloudWatch?.logGroupName) };
}

class LogGroupNotFound extends Error {
  constructor(name: string) {
    super(`DescribeLogGroups lists no log group named ${name}, the destination of the invocation logs.`);
    this.name = 'ResourceNotFoundException';
  }
}

type Scoped = CollectorContext & { errors: CoverageError[]; records: EvidenceRecord[] };

/**
 * The logging configuration of the region, or undefined (with its error kept) when it cannot be
 * read; a region without logging gives an empty configuration.
 */
async function loggingConfig(ctx: Scoped): Promise<unknown> {
  try {
    const output = await ctx.clients.client('bedrock', ctx.region).send(new GetModelInvocationLoggingConfigurationCommand({}));
    return output.loggingConfig ?? {};
  } catch (error) {
    ctx.errors.push(coverageError('GetModelInvocationLoggingConfiguration', error));
    return undefined;
  }
}

function destinationRecord(
  ctx: CollectorContext,
  collector: string,
  source: { service: string; operation: string },
  resource: { type: string; id: string },
  data: object,
): EvidenceRecord {
  return makeEvidence({
    accountId: ctx.accountId,
    region: ctx.region,
    source: { collector, ...source },
    resource,
    collectedAt: ctx.now(),
    data,
  });
}

/**
 * A collector of one kind of invocation log destination: it reads the region's logging
 * configuration (GetModelInvocationLoggingConfiguration), then `read` each destination of its
 * kind. One record per destination; a region without logging has none. A destination that cannot
 * be read is a coverage error naming it; the configuration that cannot be read is one without a
 * resource.
 */
function destinationCollector(
  spec: Pick<Collector, 'id' | 'service' | 'description' | 'actions'>,
  read: (ctx: Scoped, config: unknown) => Promise<void>,
): Collector {
  return {
    ...spec,
    async collect(base: CollectorContext): Promise<CollectorResult> {
      const ctx: Scoped = { ...base, errors: [], records: [] };
      const config = await loggingConfig(ctx);
      if (config !== undefined) await read(ctx, config);
      return collectorResult(spec.id, base, ctx.records, ctx.errors);
    },
  };
}

/**
 * The default encryption of the S3 buckets that receive the region's Bedrock invocation logs:
 * GetBucketEncryption of the log bucket and of the large-payload bucket (each once).
 */
export const bedrockInvocationLogBuckets = /* @__PURE__ */ destinationCollector(
  {
    id: LOG_BUCKETS_ID,
    service: 's3',
    description: 'Default encryption of the S3 buckets that receive Amazon Bedrock invocation logs.',
    actions: ['bedrock:GetModelInvocationLoggingConfiguration', 's3:GetEncryptionConfiguration'],
  },
  async (ctx, config) => {
    for (const bucket of destinationsOfConfig(config).buckets) {
      try {
        const output = await ctx.clients.client('s3', ctx.region).send(new GetBucketEncryptionCommand({ Bucket: bucket }));
        ctx.records.push(
          destinationRecord(
            ctx,
            LOG_BUCKETS_ID,
            { service: 's3', operation: 'GetBucketEncryption' },
            { type: LOG_BUCKET_TYPE, id: bucketArn(bucket) },
            output,
          ),
        );
      } catch (error) {
        ctx.errors.push(coverageError('GetBucketEncryption', error, bucketArn(bucket)));
      }
    }
  },
);

/**
 * The CloudWatch Logs group that receives the region's Bedrock invocation logs: its
 * DescribeLogGroups entry (listed by name prefix over every page, matched by exact name), which
 * holds its kmsKeyId when a KMS key encrypts it.
 */
export const bedrockInvocationLogGroups = /* @__PURE__ */ destinationCollector(
  {
    id: LOG_GROUPS_ID,
    service: 'logs',
    description: 'KMS encryption of the CloudWatch Logs group that receives Amazon Bedrock invocation logs.',
    actions: ['bedrock:GetModelInvocationLoggingConfiguration', 'logs:DescribeLogGroups'],
  },
  async (ctx, config) => {
    const logGroup = destinationsOfConfig(config).logGroup;
    if (logGroup === undefined) return;
    const id = logGroupArn(ctx, logGroup);
    try {
      let found: object | undefined;
      const client = ctx.clients.client('logs', ctx.region);
      const pages = paginateDescribeLogGroups({ client, pageSize: 50 }, { logGroupNamePrefix: logGroup });
      for await (const page of guardedPages('DescribeLogGroups', pages)) {
        if (page.logGroups !== undefined && !Array.isArray(page.logGroups)) {
          throw new InvalidResponseError('DescribeLogGroups returned logGroups that is not a list.');
        }
        found = page.logGroups?.find((g) => g?.logGroupName === logGroup);
        if (found !== undefined) break;
      }
      if (found === undefined) throw new LogGroupNotFound(logGroup);
      ctx.records.push(
        destinationRecord(ctx, LOG_GROUPS_ID, { service: 'logs', operation: 'DescribeLogGroups' }, { type: LOG_GROUP_TYPE, id }, found),
      );
    } catch (error) {
      ctx.errors.push(coverageError('DescribeLogGroups', error, id));
    }
  },
);
