import type { EvidenceRecord } from '../evidence/record.js';
import { perResource, stringField, type Verdict } from './per-resource.js';
import type { Control, ControlMetadata } from './types.js';

export const NOTEBOOK_COLLECTOR = 'sagemaker.notebook-instances';
export const NOTEBOOK_TYPE = 'AWS::SageMaker::NotebookInstance';

/**
 * A control over DescribeNotebookInstance answers: one finding per notebook instance, judged by
 * `check` with the notebook's name for its reason.
 */
export function notebookControl(
  meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>,
  check: (record: EvidenceRecord, name: string) => Verdict,
): Control {
  return perResource(
    { ...meta, collectors: [NOTEBOOK_COLLECTOR], resourceType: NOTEBOOK_TYPE },
    {
      collector: NOTEBOOK_COLLECTOR,
      noun: 'SageMaker notebook instances',
      check: (record) => check(record, stringField(record, 'NotebookInstanceName') ?? record.resource.id),
    },
  );
}

/** Where a kind of SageMaker resource comes from: its collector, CloudFormation type, noun and name field. */
export interface SageMakerSource {
  collector: string;
  resourceType: string;
  /** Plural, for scope-level reasons, e.g. `SageMaker endpoints`. */
  noun: string;
  /** Singular, for per-resource reasons, e.g. `SageMaker endpoint`. */
  singular: string;
  /** The field of the describe answer that names the resource, e.g. `EndpointName`. */
  nameKey: string;
  /** The describe operation, for reasons about fields it did not return. */
  describeOperation: string;
  /** A readable name where `nameKey` alone is not one (model package versions share their group's name). */
  nameOf?: (record: EvidenceRecord) => string | undefined;
}

export const DOMAINS: SageMakerSource = {
  collector: 'sagemaker.domains',
  resourceType: 'AWS::SageMaker::Domain',
  noun: 'SageMaker AI domains',
  singular: 'SageMaker AI domain',
  nameKey: 'DomainName',
  describeOperation: 'DescribeDomain',
};
export const ENDPOINT_CONFIGS: SageMakerSource = {
  collector: 'sagemaker.endpoint-configs',
  resourceType: 'AWS::SageMaker::EndpointConfig',
  noun: 'SageMaker endpoint configurations',
  singular: 'SageMaker endpoint configuration',
  nameKey: 'EndpointConfigName',
  describeOperation: 'DescribeEndpointConfig',
};
export const ENDPOINTS: SageMakerSource = {
  collector: 'sagemaker.endpoints',
  resourceType: 'AWS::SageMaker::Endpoint',
  noun: 'SageMaker endpoints',
  singular: 'SageMaker endpoint',
  nameKey: 'EndpointName',
  describeOperation: 'DescribeEndpoint',
};
export const MODELS: SageMakerSource = {
  collector: 'sagemaker.models',
  resourceType: 'AWS::SageMaker::Model',
  noun: 'SageMaker models',
  singular: 'SageMaker model',
  nameKey: 'ModelName',
  describeOperation: 'DescribeModel',
};
export const TRAINING_JOBS: SageMakerSource = {
  collector: 'sagemaker.training-jobs',
  resourceType: 'AWS::SageMaker::TrainingJob',
  noun: 'SageMaker training jobs of the last 90 days',
  singular: 'SageMaker training job',
  nameKey: 'TrainingJobName',
  describeOperation: 'DescribeTrainingJob',
};
export const PROCESSING_JOBS: SageMakerSource = {
  collector: 'sagemaker.processing-jobs',
  resourceType: 'AWS::SageMaker::ProcessingJob',
  noun: 'SageMaker processing jobs of the last 90 days',
  singular: 'SageMaker processing job',
  nameKey: 'ProcessingJobName',
  describeOperation: 'DescribeProcessingJob',
};
export const MODEL_PACKAGES: SageMakerSource = {
  collector: 'sagemaker.model-packages',
  resourceType: 'AWS::SageMaker::ModelPackage',
  noun: 'SageMaker model package versions',
  singular: 'SageMaker model package',
  nameKey: 'ModelPackageArn',
  describeOperation: 'DescribeModelPackage',
  nameOf: (record) => {
    const group = stringField(record, 'ModelPackageGroupName');
    const version = record.data.ModelPackageVersion;
    return group !== undefined && typeof version === 'number' ? `${group} version ${version}` : undefined;
  },
};
export const MONITORING_SCHEDULES: SageMakerSource = {
  collector: 'sagemaker.monitoring-schedules',
  resourceType: 'AWS::SageMaker::MonitoringSchedule',
  noun: 'SageMaker monitoring schedules',
  singular: 'SageMaker monitoring schedule',
  nameKey: 'MonitoringScheduleName',
  describeOperation: 'DescribeMonitoringSchedule',
};

/** The four kinds of Model Monitor job definition, read by one collector. */
export const MONITORING_JOB_DEFINITION_COLLECTOR = 'sagemaker.monitoring-job-definitions';
export type MonitoringJobKind = 'DataQuality' | 'ModelQuality' | 'ModelBias' | 'ModelExplainability';
export const MONITORING_JOB_KINDS: Record<MonitoringJobKind, SageMakerSource> = {
  DataQuality: {
    collector: MONITORING_JOB_DEFINITION_COLLECTOR,
    resourceType: 'AWS::SageMaker::DataQualityJobDefinition',
    noun: 'SageMaker data quality job definitions',
    singular: 'SageMaker data quality job definition',
    nameKey: 'JobDefinitionName',
    describeOperation: 'DescribeDataQualityJobDefinition',
  },
  ModelQuality: {
    collector: MONITORING_JOB_DEFINITION_COLLECTOR,
    resourceType: 'AWS::SageMaker::ModelQualityJobDefinition',
    noun: 'SageMaker model quality job definitions',
    singular: 'SageMaker model quality job definition',
    nameKey: 'JobDefinitionName',
    describeOperation: 'DescribeModelQualityJobDefinition',
  },
  ModelBias: {
    collector: MONITORING_JOB_DEFINITION_COLLECTOR,
    resourceType: 'AWS::SageMaker::ModelBiasJobDefinition',
    noun: 'SageMaker model bias job definitions',
    singular: 'SageMaker model bias job definition',
    nameKey: 'JobDefinitionName',
    describeOperation: 'DescribeModelBiasJobDefinition',
  },
  ModelExplainability: {
    collector: MONITORING_JOB_DEFINITION_COLLECTOR,
    resourceType: 'AWS::SageMaker::ModelExplainabilityJobDefinition',
    noun: 'SageMaker model explainability job definitions',
    singular: 'SageMaker model explainability job definition',
    nameKey: 'JobDefinitionName',
    describeOperation: 'DescribeModelExplainabilityJobDefinition',
  },
};

/**
 * A control over the describe answers of one kind of SageMaker resource: one finding per resource,
 * judged by `check` with a label such as `SageMaker endpoint fraud-scoring` for its reasons.
 */
export function sagemakerControl(
  source: SageMakerSource,
  meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>,
  check: (record: EvidenceRecord, label: string) => Verdict,
): Control {
  return perResource(
    { ...meta, collectors: [source.collector], resourceType: source.resourceType },
    {
      collector: source.collector,
      noun: source.noun,
      check: (record) =>
        check(record, `${source.singular} ${source.nameOf?.(record) ?? stringField(record, source.nameKey) ?? record.resource.id}`),
    },
  );
}

/** The value at a dotted path of an API answer (`ResourceConfig.VolumeKmsKeyId`), or undefined. */
export function valueAt(record: EvidenceRecord, path: string): unknown {
  let value: unknown = record.data;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** A non-blank string at `path`, or undefined. */
export function textAt(record: EvidenceRecord, path: string): string | undefined {
  const value = valueAt(record, path);
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * Judges a boolean setting the describe answer always returns: true passes, false fails, anything
 * else (absent, not a boolean) is missing evidence naming the field.
 */
export function booleanSetting(
  record: EvidenceRecord,
  path: string,
  source: SageMakerSource,
  label: string,
  says: { on: string; off: string },
): Verdict {
  const value = valueAt(record, path);
  if (value === true) return { status: 'PASS', reason: `${label} ${says.on}.` };
  if (value === false) return { status: 'FAIL', reason: `${label} ${says.off}.` };
  return { status: 'INSUFFICIENT_EVIDENCE', reason: `${source.describeOperation} for ${label} did not report ${path}.` };
}

/**
 * Judges a KMS key setting the API leaves out when the AWS managed or owned key is used: a key
 * passes, its absence fails.
 */
export function kmsKeySetting(record: EvidenceRecord, path: string, label: string, what: string): Verdict {
  const key = textAt(record, path);
  if (key !== undefined) return { status: 'PASS', reason: `${label} encrypts ${what} with KMS key ${key}.` };
  return { status: 'FAIL', reason: `${label} encrypts ${what} with an AWS managed key, not a customer managed KMS key (no ${path}).` };
}

/**
 * A setting the answer leaves out, or gives as an empty object: AWS omits structures that were never
 * configured, moto returns them as `{}`; both mean nothing is configured.
 */
export function isUnset(value: unknown): boolean {
  return value === undefined || (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0);
}

/** Judges a VpcConfig: subnets listed pass, no VpcConfig fails, a VpcConfig without a list of subnets is malformed. */
export function vpcSetting(record: EvidenceRecord, path: string, source: SageMakerSource, label: string): Verdict {
  if (isUnset(valueAt(record, path))) return { status: 'FAIL', reason: `${label} has no VPC configuration (no ${path}).` };
  const subnets = valueAt(record, `${path}.Subnets`);
  if (Array.isArray(subnets) && subnets.length > 0 && subnets.every((s) => typeof s === 'string' && s !== '')) {
    return { status: 'PASS', reason: `${label} runs in VPC subnets ${subnets.join(', ')}.` };
  }
  return {
    status: 'INSUFFICIENT_EVIDENCE',
    reason: `${source.describeOperation} for ${label} returned ${path} without a list of subnets.`,
  };
}

/**
 * How many instances a job runs on, from `ClusterConfig`-like structures at `path` (InstanceCount,
 * or the sum over InstanceGroups for heterogeneous training clusters); undefined if not reported.
 */
export function instanceCountAt(record: EvidenceRecord, path: string): number | undefined {
  const count = valueAt(record, `${path}.InstanceCount`);
  if (typeof count === 'number') return count;
  const groups = valueAt(record, `${path}.InstanceGroups`);
  if (!Array.isArray(groups) || groups.length === 0) return undefined;
  let total = 0;
  for (const group of groups) {
    const n = (group as Record<string, unknown> | null)?.InstanceCount;
    if (typeof n !== 'number') return undefined;
    total += n;
  }
  return total;
}

/**
 * Inter-container traffic encryption, which only matters where there is traffic between
 * containers: on by the flag passes; off on one instance is NOT_APPLICABLE; off on two or more
 * fails; off with the instance count unreported is missing evidence. `flagOmittedMeansOff` is for
 * answers that leave the flag out when it was not set.
 */
export function interContainerEncryption(
  record: EvidenceRecord,
  source: SageMakerSource,
  label: string,
  paths: { flag: string; cluster: string },
  flagOmittedMeansOff: boolean,
): Verdict {
  const flag = valueAt(record, paths.flag);
  if (flag === true) return { status: 'PASS', reason: `${label} encrypts traffic between its containers.` };
  if (flag !== false && !(flag === undefined && flagOmittedMeansOff)) {
    return { status: 'INSUFFICIENT_EVIDENCE', reason: `${source.describeOperation} for ${label} did not report ${paths.flag}.` };
  }
  const count = instanceCountAt(record, paths.cluster);
  if (count === undefined) {
    return {
      status: 'INSUFFICIENT_EVIDENCE',
      reason: `${label} does not encrypt traffic between its containers, and ${source.describeOperation} did not report ${paths.cluster}.InstanceCount to tell whether it has any.`,
    };
  }
  if (count <= 1) {
    return { status: 'NOT_APPLICABLE', reason: `${label} runs on one instance, so there is no traffic between containers to encrypt.` };
  }
  return {
    status: 'FAIL',
    reason: `${label} runs on ${count} instances and does not encrypt traffic between its containers (${paths.flag} is not true).`,
  };
}
