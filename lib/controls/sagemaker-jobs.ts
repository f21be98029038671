/**
 * The SageMaker job kinds issue 14 added (batch transform, hyperparameter tuning, Neo compilation,
 * Autopilot) and inference experiments: where their records come from, and the judgement of a job
 * that holds several definitions of its training jobs (a tuning job with TrainingJobDefinitions).
 */
import type { EvidenceRecord } from '../evidence/record.js';
import { listSome } from './governance-helpers.js';
import type { Verdict } from './per-resource.js';
import { type SageMakerSource, valueAt } from './sagemaker.js';

export const TRANSFORM_JOBS: SageMakerSource = {
  collector: 'sagemaker.transform-jobs',
  resourceType: 'AWS::SageMaker::TransformJob',
  noun: 'SageMaker batch transform jobs of the last 90 days',
  singular: 'SageMaker batch transform job',
  nameKey: 'TransformJobName',
  describeOperation: 'DescribeTransformJob',
};
export const TUNING_JOBS: SageMakerSource = {
  collector: 'sagemaker.hyperparameter-tuning-jobs',
  resourceType: 'AWS::SageMaker::HyperParameterTuningJob',
  noun: 'SageMaker hyperparameter tuning jobs of the last 90 days',
  singular: 'SageMaker hyperparameter tuning job',
  nameKey: 'HyperParameterTuningJobName',
  describeOperation: 'DescribeHyperParameterTuningJob',
};
export const COMPILATION_JOBS: SageMakerSource = {
  collector: 'sagemaker.compilation-jobs',
  resourceType: 'AWS::SageMaker::CompilationJob',
  noun: 'SageMaker compilation jobs of the last 90 days',
  singular: 'SageMaker compilation job',
  nameKey: 'CompilationJobName',
  describeOperation: 'DescribeCompilationJob',
};
export const AUTOML_JOBS: SageMakerSource = {
  collector: 'sagemaker.automl-jobs',
  resourceType: 'AWS::SageMaker::AutoMLJob',
  noun: 'SageMaker Autopilot jobs of the last 90 days',
  singular: 'SageMaker Autopilot job',
  nameKey: 'AutoMLJobName',
  describeOperation: 'DescribeAutoMLJobV2',
};
export const INFERENCE_EXPERIMENTS: SageMakerSource = {
  collector: 'sagemaker.inference-experiments',
  resourceType: 'AWS::SageMaker::InferenceExperiment',
  noun: 'SageMaker inference experiments of the last 90 days',
  singular: 'SageMaker inference experiment',
  nameKey: 'Name',
  describeOperation: 'DescribeInferenceExperiment',
};

/** One training job definition of a tuning job, with what names it in reasons. */
export interface TuningDefinition {
  name: string;
  /** A record whose `data` is the definition, so the path helpers of sagemaker.ts read it. */
  record: EvidenceRecord;
}

/**
 * The training job definitions of a tuning job: `TrainingJobDefinition`, or each of
 * `TrainingJobDefinitions` (tuning over several algorithms), named by DefinitionName or position.
 * Undefined when the answer holds neither, or a definition that is not an object.
 */
export function tuningDefinitions(record: EvidenceRecord): TuningDefinition[] | undefined {
  const single = record.data.TrainingJobDefinition;
  const many = record.data.TrainingJobDefinitions;
  const list = Array.isArray(many) && many.length > 0 ? many : single !== undefined ? [single] : undefined;
  if (list === undefined) return undefined;
  const out: TuningDefinition[] = [];
  for (const [index, item] of list.entries()) {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
    const named = (item as Record<string, unknown>).DefinitionName;
    const name = typeof named === 'string' && named !== '' ? `definition ${named}` : `definition ${index + 1}`;
    out.push({ name, record: { ...record, data: item as EvidenceRecord['data'] } });
  }
  return out;
}

/**
 * Judges a tuning job by each of its training job definitions: any definition that fails makes the
 * job FAIL (naming them), else any that cannot be judged makes it INSUFFICIENT_EVIDENCE, else it
 * passes; NOT_APPLICABLE only when every definition is. `judge` gets a label naming the job and,
 * where there are several, the definition.
 */
export function judgeTuningJob(
  record: EvidenceRecord,
  label: string,
  what: string,
  judge: (definition: EvidenceRecord, label: string) => Verdict,
): Verdict {
  const definitions = tuningDefinitions(record);
  if (definitions === undefined) {
    return {
      status: 'INSUFFICIENT_EVIDENCE',
      reason: `DescribeHyperParameterTuningJob for ${label} reported neither TrainingJobDefinition nor TrainingJobDefinitions.`,
    };
  }
  const verdicts = definitions.map((d) => ({
    name: d.name,
    verdict: judge(d.record, definitions.length === 1 ? label : `${label} (${d.name})`),
  }));
  const of = (status: Verdict['status']) => verdicts.filter((v) => v.verdict.status === status);
  const failing = of('FAIL').sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (failing.length > 0) {
    if (failing.length === 1 && definitions.length === 1) return failing[0]?.verdict as Verdict;
    return {
      status: 'FAIL',
      reason: `${label} starts training jobs without ${what} from ${listSome(failing.map((v) => v.name))}: ${failing.map((v) => v.verdict.reason).join(' ')}`,
    };
  }
  const unknown = of('INSUFFICIENT_EVIDENCE');
  if (unknown.length > 0) return unknown[0]?.verdict as Verdict;
  if (of('NOT_APPLICABLE').length === verdicts.length) return verdicts[0]?.verdict as Verdict;
  if (definitions.length === 1) return verdicts[0]?.verdict as Verdict;
  return { status: 'PASS', reason: `${label} starts every training job with ${what} (${listSome(definitions.map((d) => d.name))}).` };
}

/**
 * A boolean setting the answer leaves out when it was not set, which means off: true passes,
 * anything else fails, naming the field.
 */
export function flagSetting(record: EvidenceRecord, path: string, label: string, says: { on: string; off: string }): Verdict {
  return valueAt(record, path) === true
    ? { status: 'PASS', reason: `${label} ${says.on}.` }
    : { status: 'FAIL', reason: `${label} ${says.off} (${path} is not true).` };
}
