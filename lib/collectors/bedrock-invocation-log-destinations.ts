import { GetModelInvocationLoggingConfigurationCommand } from '@aws-sdk/client-bedrock';
import { paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import { GetBucketEncryptionCommand } from '@aws-sdk/client-s3';
import type { CoverageError } from '../evidence/coverage.js';
import { type EvidenceRecord, makeEvidence } from '../evidence/record.js';
import { collectorResult, coverageError, InvalidResponseError } from './errors.js';
import { arnPrefix, guardedPages, text } from './list-describe.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

const ID = 'bedrock.invocation-log-destinations';
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

/**
 * Where the region's Bedrock invocation logs go, and how each destination is encrypted: the
 * logging configuration (GetModelInvocationLoggingConfiguration), then GetBucketEncryption of
 * each S3 bucket it names (the log bucket and the large-payload bucket) and the DescribeLogGroups
 * entry of its CloudWatch Logs group (listed by name prefix, matched by exact name). One record
 * per destination; a region without logging has none. A destination that cannot be read is a
 * coverage error naming it; the configuration that cannot be read is one without a resource.
 */
export const bedrockInvocationLogDestinations: Collector = {
  id: ID,
  service: 'bedrock',
  description: 'Encryption of the S3 buckets and CloudWatch Logs group that receive Amazon Bedrock invocation logs.',
  actions: ['bedrock:GetModelInvocationLoggingConfiguration', 's3:GetEncryptionConfiguration', 'logs:DescribeLogGroups'],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    const errors: CoverageError[] = [];
    const records: EvidenceRecord[] = [];
    let loggingConfig: unknown;
    try {
      const output = await ctx.clients.client('bedrock', ctx.region).send(new GetModelInvocationLoggingConfigurationCommand({}));
      loggingConfig = output.loggingConfig;
    } catch (error) {
      errors.push(coverageError('GetModelInvocationLoggingConfiguration', error));
      return collectorResult(ID, ctx, records, errors);
    }
    const { buckets, logGroup } = destinationsOfConfig(loggingConfig);
    const record = (service: string, operation: string, type: string, id: string, data: object) =>
      makeEvidence({
        accountId: ctx.accountId,
        region: ctx.region,
        source: { collector: ID, service, operation },
        resource: { type, id },
        collectedAt: ctx.now(),
        data,
      });
    for (const bucket of buckets) {
      try {
        const output = await ctx.clients.client('s3', ctx.region).send(new GetBucketEncryptionCommand({ Bucket: bucket }));
        records.push(record('s3', 'GetBucketEncryption', LOG_BUCKET_TYPE, bucketArn(bucket), output));
      } catch (error) {
        errors.push(coverageError('GetBucketEncryption', error, bucketArn(bucket)));
      }
    }
    if (logGroup !== undefined) {
      const id = logGroupArn(ctx, logGroup);
      try {
        let found: object | undefined;
        const client = ctx.clients.client('logs', ctx.region);
        const pages = paginateDescribeLogGroups({ client, pageSize: 50 }, { logGroupNamePrefix: logGroup });
        for await (const page of guardedPages('DescribeLogGroups', pages)) {
          if (page.logGroups !== undefined && !Array.isArray(page.logGroups)) {
            throw new InvalidResponseError('DescribeLogGroups returned logGroups that is not a list.');
          }
          found ??= page.logGroups?.find((g) => g?.logGroupName === logGroup);
          if (found !== undefined) break;
        }
        if (found === undefined) throw new LogGroupNotFound(logGroup);
        records.push(record('logs', 'DescribeLogGroups', LOG_GROUP_TYPE, id, found));
      } catch (error) {
        errors.push(coverageError('DescribeLogGroups', error, id));
      }
    }
    return collectorResult(ID, ctx, records, errors);
  },
};
