import { invocationLoggingId } from '../collectors/bedrock-model-invocation-logging.js';
import type { Scope } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { perResource, type Verdict } from './per-resource.js';
import type { Control, ControlMetadata, Finding } from './types.js';

export const INVOCATION_LOGGING_COLLECTOR = 'bedrock.model-invocation-logging';
export const INVOCATION_LOGGING_TYPE = 'AWS::Bedrock::ModelInvocationLoggingConfiguration';

export interface LoggingConfig {
  s3Config?: { bucketName?: unknown; keyPrefix?: unknown };
  cloudWatchConfig?: { logGroupName?: unknown; roleArn?: unknown };
  textDataDeliveryEnabled?: unknown;
}

/**
 * The `loggingConfig` of a GetModelInvocationLoggingConfiguration answer; undefined when logging is off.
 * AWS leaves `loggingConfig` out when logging is off; an empty one (no destination, no delivery
 * setting, as moto answers for a region never set up) configures nothing and is off too.
 */
export function loggingConfigOf(record: EvidenceRecord): LoggingConfig | undefined {
  const config = record.data.loggingConfig;
  if (config === null || typeof config !== 'object' || Array.isArray(config)) return undefined;
  return Object.keys(config).length > 0 ? (config as LoggingConfig) : undefined;
}

export function invocationLoggingResource(scope: Scope): Finding['resource'] {
  return { type: INVOCATION_LOGGING_TYPE, id: invocationLoggingId(scope) };
}

/** The configured destinations, named for a reason sentence. */
export function destinationsOf(config: LoggingConfig): string[] {
  const out: string[] = [];
  if (typeof config.s3Config?.bucketName === 'string' && config.s3Config.bucketName !== '') {
    out.push(`S3 bucket ${config.s3Config.bucketName}`);
  }
  if (typeof config.cloudWatchConfig?.logGroupName === 'string' && config.cloudWatchConfig.logGroupName !== '') {
    out.push(`CloudWatch Logs group ${config.cloudWatchConfig.logGroupName}`);
  }
  return out;
}

/**
 * A control over a region's invocation logging setting: one finding per account and region, judged
 * by `check` with the setting (undefined when logging is off) and the place for its reason.
 */
export function invocationLoggingControl(
  meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>,
  check: (config: LoggingConfig | undefined, where: string) => Verdict,
): Control {
  return perResource(
    { ...meta, collectors: [INVOCATION_LOGGING_COLLECTOR], resourceType: INVOCATION_LOGGING_TYPE },
    {
      collector: INVOCATION_LOGGING_COLLECTOR,
      noun: 'Bedrock model invocation logging settings',
      scopeResource: invocationLoggingResource,
      onePerScope: true,
      check: (record) => check(loggingConfigOf(record), `account ${record.accountId} in ${record.region}`),
    },
  );
}
