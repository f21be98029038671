/**
 * A synthetic AI estate for the bench: N SageMaker notebook instances spread over a few accounts and
 * regions, one Bedrock invocation logging configuration per scope and one coverage entry per collector
 * and scope. Records are built through makeEvidence() from objects shaped like the SDK's
 * DescribeNotebookInstance and GetModelInvocationLoggingConfiguration outputs (Dates, $metadata and
 * all), exactly as the collectors build them. Seeded: the same size gives the same estate.
 */
import { invocationLoggingId } from '../lib/collectors/bedrock-model-invocation-logging.js';
import type { CoverageEntry, Scope } from '../lib/evidence/coverage.js';
import { type EvidenceRecord, makeEvidence } from '../lib/evidence/record.js';

const NOTEBOOKS = 'sagemaker.notebook-instances';
const LOGGING = 'bedrock.model-invocation-logging';

export const ACCOUNTS = ['111122223333', '444455556666', '777788889999'] as const;
export const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'] as const;

/** mulberry32: a small, fast, seeded PRNG; good enough to vary fields reproducibly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticEstate {
  scopes: Scope[];
  records: EvidenceRecord[];
  coverage: CoverageEntry[];
  /** The run's start, used as evaluatedAt and as every record's collectedAt. */
  startedAt: string;
  notebooks: number;
}

const TEAMS = ['fraud', 'claims', 'pricing', 'genai', 'support', 'marketing', 'risk', 'underwriting', 'churn', 'vision'];
const PURPOSES = ['research', 'training', 'eval', 'prototyping', 'features', 'labeling', 'serving-tests', 'notebooks'];
const INSTANCE_TYPES = ['ml.t3.medium', 'ml.t3.large', 'ml.m5.xlarge', 'ml.g4dn.xlarge', 'ml.g5.2xlarge', 'ml.c5.2xlarge'];
const STATUSES = ['InService', 'InService', 'InService', 'Stopped', 'Pending'];
const PLATFORMS = ['notebook-al2-v2', 'notebook-al2-v3', 'notebook-al2023-v1'];

function hex(random: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function sdkMetadata(random: () => number): Record<string, unknown> {
  const id = hex(random, 32);
  return {
    httpStatusCode: 200,
    requestId: `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`,
    attempts: 1,
    totalRetryDelay: 0,
  };
}

/** A DescribeNotebookInstance output as the SDK returns it; fields vary so that every notebook control both passes and fails. */
export function describeNotebookInstance(random: () => number, scope: Scope, index: number): Record<string, unknown> {
  const name = `${pick(random, TEAMS)}-${pick(random, PURPOSES)}-${index.toString(36)}`;
  const inVpc = random() < 0.8;
  const created = new Date(Date.UTC(2025, 0, 1) + Math.floor(random() * 500 * 86_400_000));
  const output: Record<string, unknown> = {
    $metadata: sdkMetadata(random),
    NotebookInstanceArn: `arn:aws:sagemaker:${scope.region}:${scope.accountId}:notebook-instance/${name}`,
    NotebookInstanceName: name,
    NotebookInstanceStatus: pick(random, STATUSES),
    Url: `${name}.notebook.${scope.region}.sagemaker.aws`,
    InstanceType: pick(random, INSTANCE_TYPES),
    RoleArn: `arn:aws:iam::${scope.accountId}:role/service-role/AmazonSageMaker-ExecutionRole-${hex(random, 8)}`,
    // A notebook outside a VPC always has direct internet access; inside one it is usually disabled.
    DirectInternetAccess: !inVpc || random() < 0.25 ? 'Enabled' : 'Disabled',
    RootAccess: random() < 0.7 ? 'Disabled' : 'Enabled',
    VolumeSizeInGB: pick(random, [5, 20, 50, 100, 200]),
    PlatformIdentifier: pick(random, PLATFORMS),
    CreationTime: created,
    LastModifiedTime: new Date(created.getTime() + Math.floor(random() * 90 * 86_400_000)),
    InstanceMetadataServiceConfiguration: { MinimumInstanceMetadataServiceVersion: random() < 0.6 ? '2' : '1' },
  };
  if (inVpc) {
    output.SubnetId = `subnet-${hex(random, 17)}`;
    output.SecurityGroups = Array.from({ length: 1 + Math.floor(random() * 3) }, () => `sg-${hex(random, 17)}`);
    output.NetworkInterfaceId = `eni-${hex(random, 17)}`;
  }
  if (random() < 0.65) {
    output.KmsKeyId = `arn:aws:kms:${scope.region}:${scope.accountId}:key/${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-${hex(random, 4)}-${hex(random, 12)}`;
  }
  if (random() < 0.5) output.NotebookInstanceLifecycleConfigName = `${pick(random, TEAMS)}-approved-packages`;
  if (random() < 0.3) output.DefaultCodeRepository = `https://git-codecommit.${scope.region}.amazonaws.com/v1/repos/${name}`;
  if (random() < 0.1) output.AcceleratorTypes = ['ml.eia2.medium'];
  return output;
}

/** A GetModelInvocationLoggingConfiguration output: off, S3, CloudWatch or both, text delivery on or off. */
export function loggingConfiguration(random: () => number, scope: Scope, index: number): Record<string, unknown> {
  const kind = index % 4;
  if (kind === 3) return { $metadata: sdkMetadata(random) };
  const loggingConfig: Record<string, unknown> = {
    textDataDeliveryEnabled: random() < 0.6,
    imageDataDeliveryEnabled: random() < 0.5,
    embeddingDataDeliveryEnabled: false,
  };
  if (kind === 0 || kind === 2) loggingConfig.s3Config = { bucketName: `bedrock-logs-${scope.accountId}`, keyPrefix: `${scope.region}/` };
  if (kind === 1 || kind === 2) {
    loggingConfig.cloudWatchConfig = {
      logGroupName: '/aws/bedrock/invocations',
      roleArn: `arn:aws:iam::${scope.accountId}:role/BedrockInvocationLogging`,
    };
  }
  return { $metadata: sdkMetadata(random), loggingConfig };
}

/** Builds an estate of `notebooks` notebook instances over 3 accounts x 3 regions. */
export function syntheticEstate(notebooks: number, seed = 42): SyntheticEstate {
  const random = prng(seed);
  const started = new Date(Date.UTC(2026, 10, 1, 12, 0, 0));
  const scopes: Scope[] = ACCOUNTS.flatMap((accountId) => REGIONS.map((region) => ({ accountId, region })));
  const records: EvidenceRecord[] = [];
  const perScope = new Array<number>(scopes.length).fill(0);
  for (let i = 0; i < notebooks; i++) {
    // Uneven spread: the first scopes hold more, as real estates do.
    const s = Math.min(scopes.length - 1, Math.floor(random() ** 1.5 * scopes.length));
    const scope = scopes[s] as Scope;
    const output = describeNotebookInstance(random, scope, i);
    perScope[s] = (perScope[s] ?? 0) + 1;
    records.push(
      makeEvidence({
        accountId: scope.accountId,
        region: scope.region,
        source: { collector: NOTEBOOKS, service: 'sagemaker', operation: 'DescribeNotebookInstance' },
        resource: { type: 'AWS::SageMaker::NotebookInstance', id: output.NotebookInstanceArn as string },
        collectedAt: started,
        data: output,
      }),
    );
  }
  const coverage: CoverageEntry[] = [];
  scopes.forEach((scope, s) => {
    records.push(
      makeEvidence({
        accountId: scope.accountId,
        region: scope.region,
        source: { collector: LOGGING, service: 'bedrock', operation: 'GetModelInvocationLoggingConfiguration' },
        resource: { type: 'AWS::Bedrock::ModelInvocationLoggingConfiguration', id: invocationLoggingId(scope) },
        collectedAt: started,
        data: loggingConfiguration(random, scope, s),
      }),
    );
    // One scope had a notebook that could not be described (throttled): PARTIAL coverage.
    const errors =
      s === 1
        ? [
            {
              operation: 'DescribeNotebookInstance',
              resourceId: `arn:aws:sagemaker:${scope.region}:${scope.accountId}:notebook-instance/throttled-notebook`,
              kind: 'THROTTLED' as const,
              code: 'ThrottlingException',
              message: 'Rate exceeded',
            },
          ]
        : [];
    coverage.push({
      collector: NOTEBOOKS,
      accountId: scope.accountId,
      region: scope.region,
      status: errors.length > 0 ? 'PARTIAL' : 'COMPLETE',
      records: perScope[s] ?? 0,
      errors,
    });
    coverage.push({ collector: LOGGING, accountId: scope.accountId, region: scope.region, status: 'COMPLETE', records: 1, errors: [] });
  });
  // The order assess() stores coverage in.
  coverage.sort((a, b) => {
    const ka = `${a.accountId}/${a.region}/${a.collector}`;
    const kb = `${b.accountId}/${b.region}/${b.collector}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  return { scopes, records, coverage, startedAt: started.toISOString(), notebooks };
}
