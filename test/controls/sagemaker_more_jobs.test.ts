/**
 * The job kinds issue 14 added (batch transform, hyperparameter tuning, Neo compilation, Autopilot)
 * and inference experiments: each control's numbered cases over a describe answer, then the shared
 * cases of missing or incomplete evidence.
 */
import { describe } from 'vitest';
import type { SageMakerSource } from '../../lib/controls/sagemaker.js';
import { control as automlVpc } from '../../lib/controls/sagemaker_automl_job_in_vpc.js';
import { control as automlIce } from '../../lib/controls/sagemaker_automl_job_inter_container_encryption_enabled.js';
import { control as automlOutput } from '../../lib/controls/sagemaker_automl_job_output_encrypted_with_cmk.js';
import { control as automlVolume } from '../../lib/controls/sagemaker_automl_job_volume_encrypted_with_cmk.js';
import { control as compilationVpc } from '../../lib/controls/sagemaker_compilation_job_in_vpc.js';
import { control as compilationOutput } from '../../lib/controls/sagemaker_compilation_job_output_encrypted_with_cmk.js';
import { control as experimentData } from '../../lib/controls/sagemaker_inference_experiment_data_storage_encrypted_with_cmk.js';
import { control as experimentInstance } from '../../lib/controls/sagemaker_inference_experiment_encrypted_with_cmk.js';
import { control as transformCapture } from '../../lib/controls/sagemaker_transform_job_data_capture_encrypted_with_cmk.js';
import { control as transformOutput } from '../../lib/controls/sagemaker_transform_job_output_encrypted_with_cmk.js';
import { control as transformVolume } from '../../lib/controls/sagemaker_transform_job_volume_encrypted_with_cmk.js';
import { control as tuningVpc } from '../../lib/controls/sagemaker_tuning_job_in_vpc.js';
import { control as tuningIce } from '../../lib/controls/sagemaker_tuning_job_inter_container_encryption_enabled.js';
import { control as tuningIsolation } from '../../lib/controls/sagemaker_tuning_job_network_isolation_enabled.js';
import { control as tuningOutput } from '../../lib/controls/sagemaker_tuning_job_output_encrypted_with_cmk.js';
import { control as tuningVolume } from '../../lib/controls/sagemaker_tuning_job_volume_encrypted_with_cmk.js';
import { AUTOML_JOBS, COMPILATION_JOBS, INFERENCE_EXPERIMENTS, TRANSFORM_JOBS, TUNING_JOBS } from '../../lib/controls/sagemaker-jobs.js';
import type { Control } from '../../lib/controls/types.js';
import type { Scope } from '../../lib/evidence/coverage.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { SCOPE } from '../fixtures/evidence.js';
import {
  describedAutoMlJob,
  describedCompilationJob,
  describedInferenceExperiment,
  describedTransformJob,
  describedTuningJob,
  sagemakerSubject,
  tuningDefinition,
} from '../fixtures/sagemaker.js';
import { type AnswerCase, describeAnswerCases } from '../fixtures/sagemaker-cases.js';

type Build = (name: string, overrides?: Record<string, unknown>, scope?: Scope) => Record<string, unknown>;

/** A tuning job whose one definition differs from a compliant one by `overrides`. */
const oneDefinition = (overrides: Record<string, unknown>) => ({ TrainingJobDefinition: tuningDefinition(SCOPE, overrides) });
/** A tuning job over two algorithms, the second differing by `overrides`. */
const twoDefinitions = (overrides: Record<string, unknown>) => ({
  TrainingJobDefinition: undefined,
  TrainingJobDefinitions: [
    tuningDefinition(SCOPE, { DefinitionName: 'xgboost' }),
    tuningDefinition(SCOPE, { DefinitionName: 'linear', ...overrides }),
  ],
});
const NO_DEFINITION: AnswerCase = [
  '#9 missing evidence: a tuning job answer without any training job definition is INSUFFICIENT_EVIDENCE',
  { TrainingJobDefinition: undefined },
  'INSUFFICIENT_EVIDENCE',
  'TrainingJobDefinition',
];
const ONE_INSTANCE = { ResourceConfig: { InstanceType: 'ml.m5.2xlarge', InstanceCount: 1, VolumeSizeInGB: 50 } };

const FAMILY: readonly [
  id: string,
  { control: Control; source: SageMakerSource; build: Build; name: string; cases: readonly AnswerCase[] },
][] = [
  [
    transformVolume.id,
    {
      control: transformVolume,
      source: TRANSFORM_JOBS,
      build: describedTransformJob,
      name: 'claims-batch',
      cases: [
        ['#1 compliant: a VolumeKmsKeyId is PASS', {}, 'PASS', 'KMS key'],
        [
          '#2 non-compliant: no VolumeKmsKeyId is FAIL',
          { TransformResources: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1 } },
          'FAIL',
          'AWS managed key',
        ],
        [
          '#3 missing evidence: no TransformResources is INSUFFICIENT_EVIDENCE',
          { TransformResources: undefined },
          'INSUFFICIENT_EVIDENCE',
          'TransformResources',
        ],
      ],
    },
  ],
  [
    transformOutput.id,
    {
      control: transformOutput,
      source: TRANSFORM_JOBS,
      build: describedTransformJob,
      name: 'claims-batch',
      cases: [
        ['#1 compliant: TransformOutput.KmsKeyId is PASS', {}, 'PASS', 'its output'],
        ['#2 non-compliant: no KmsKeyId is FAIL', { TransformOutput: { S3OutputPath: 's3://out/' } }, 'FAIL', 'TransformOutput.KmsKeyId'],
        [
          '#3 missing evidence: no TransformOutput is INSUFFICIENT_EVIDENCE',
          { TransformOutput: undefined },
          'INSUFFICIENT_EVIDENCE',
          'TransformOutput',
        ],
      ],
    },
  ],
  [
    transformCapture.id,
    {
      control: transformCapture,
      source: TRANSFORM_JOBS,
      build: describedTransformJob,
      name: 'claims-batch',
      cases: [
        ['#1 compliant: captured data with a KmsKeyId is PASS', {}, 'PASS', 'the data it captures'],
        [
          '#2 non-compliant: capture without a KmsKeyId is FAIL',
          { DataCaptureConfig: { DestinationS3Uri: 's3://c/' } },
          'FAIL',
          'AWS managed key',
        ],
        [
          '#3 not applicable: no DataCaptureConfig is NOT_APPLICABLE',
          { DataCaptureConfig: undefined },
          'NOT_APPLICABLE',
          'captures no data',
        ],
      ],
    },
  ],
  [
    tuningVolume.id,
    {
      control: tuningVolume,
      source: TUNING_JOBS,
      build: describedTuningJob,
      name: 'fraud-tuning',
      cases: [
        ['#1 compliant: the definition has a VolumeKmsKeyId is PASS', {}, 'PASS', 'KMS key'],
        [
          '#2 non-compliant: no VolumeKmsKeyId is FAIL',
          oneDefinition({ ResourceConfig: { InstanceType: 'ml.m5.2xlarge', InstanceCount: 2, VolumeSizeInGB: 50 } }),
          'FAIL',
          'ResourceConfig.VolumeKmsKeyId',
        ],
        [
          '#3 compliant: a key in HyperParameterTuningResourceConfig is PASS',
          oneDefinition({
            ResourceConfig: undefined,
            HyperParameterTuningResourceConfig: { InstanceCount: 1, VolumeKmsKeyId: 'alias/ml' },
          }),
          'PASS',
          'alias/ml',
        ],
        [
          '#4 non-compliant: one of two definitions without a key is FAIL naming it',
          twoDefinitions({ ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 10 } }),
          'FAIL',
          ['definition linear', 'customer managed volume key'],
        ],
        ['#5 compliant: two definitions with keys are PASS', twoDefinitions({}), 'PASS', 'definition linear, definition xgboost'],
        NO_DEFINITION,
      ],
    },
  ],
  [
    tuningOutput.id,
    {
      control: tuningOutput,
      source: TUNING_JOBS,
      build: describedTuningJob,
      name: 'fraud-tuning',
      cases: [
        ['#1 compliant: OutputDataConfig.KmsKeyId is PASS', {}, 'PASS', 'model artifacts'],
        [
          '#2 non-compliant: no output key is FAIL',
          oneDefinition({ OutputDataConfig: { S3OutputPath: 's3://m/' } }),
          'FAIL',
          'OutputDataConfig.KmsKeyId',
        ],
        NO_DEFINITION,
      ],
    },
  ],
  [
    tuningIsolation.id,
    {
      control: tuningIsolation,
      source: TUNING_JOBS,
      build: describedTuningJob,
      name: 'fraud-tuning',
      cases: [
        ['#1 compliant: EnableNetworkIsolation true is PASS', {}, 'PASS', 'network isolation'],
        ['#2 non-compliant: false is FAIL', oneDefinition({ EnableNetworkIsolation: false }), 'FAIL', 'network calls'],
        [
          '#3 non-compliant: left out (off) is FAIL',
          oneDefinition({ EnableNetworkIsolation: undefined }),
          'FAIL',
          'EnableNetworkIsolation is not true',
        ],
        NO_DEFINITION,
      ],
    },
  ],
  [
    tuningIce.id,
    {
      control: tuningIce,
      source: TUNING_JOBS,
      build: describedTuningJob,
      name: 'fraud-tuning',
      cases: [
        ['#1 compliant: encryption on is PASS', {}, 'PASS', 'encrypts traffic'],
        [
          '#2 non-compliant: off on two instances is FAIL',
          oneDefinition({ EnableInterContainerTrafficEncryption: false }),
          'FAIL',
          'runs on 2 instances',
        ],
        [
          '#3 not applicable: off on one instance is NOT_APPLICABLE',
          oneDefinition({ EnableInterContainerTrafficEncryption: undefined, ...ONE_INSTANCE }),
          'NOT_APPLICABLE',
          'one instance',
        ],
        [
          '#4 missing evidence: off with no instance count is INSUFFICIENT_EVIDENCE',
          oneDefinition({ EnableInterContainerTrafficEncryption: false, ResourceConfig: undefined }),
          'INSUFFICIENT_EVIDENCE',
          'InstanceCount',
        ],
        NO_DEFINITION,
      ],
    },
  ],
  [
    tuningVpc.id,
    {
      control: tuningVpc,
      source: TUNING_JOBS,
      build: describedTuningJob,
      name: 'fraud-tuning',
      cases: [
        ['#1 compliant: a VpcConfig with subnets is PASS', {}, 'PASS', 'subnet-0aa11bb22cc33dd44'],
        [
          '#2 non-compliant: no VpcConfig is FAIL',
          twoDefinitions({ VpcConfig: undefined }),
          'FAIL',
          ['definition linear', 'no VPC configuration'],
        ],
        [
          '#3 missing evidence: a VpcConfig without subnets is INSUFFICIENT_EVIDENCE',
          oneDefinition({ VpcConfig: { SecurityGroupIds: ['sg-1'] } }),
          'INSUFFICIENT_EVIDENCE',
          'without a list of subnets',
        ],
      ],
    },
  ],
  [
    compilationOutput.id,
    {
      control: compilationOutput,
      source: COMPILATION_JOBS,
      build: describedCompilationJob,
      name: 'fraud-neo',
      cases: [
        ['#1 compliant: OutputConfig.KmsKeyId is PASS', {}, 'PASS', 'the compiled model'],
        [
          '#2 non-compliant: no key is FAIL',
          { OutputConfig: { S3OutputLocation: 's3://c/', TargetDevice: 'ml_c5' } },
          'FAIL',
          'OutputConfig.KmsKeyId',
        ],
        [
          '#3 missing evidence: no OutputConfig is INSUFFICIENT_EVIDENCE',
          { OutputConfig: undefined },
          'INSUFFICIENT_EVIDENCE',
          'OutputConfig',
        ],
      ],
    },
  ],
  [
    compilationVpc.id,
    {
      control: compilationVpc,
      source: COMPILATION_JOBS,
      build: describedCompilationJob,
      name: 'fraud-neo',
      cases: [
        ['#1 compliant: a VpcConfig is PASS', {}, 'PASS', 'VPC subnets'],
        ['#2 non-compliant: no VpcConfig is FAIL', { VpcConfig: undefined }, 'FAIL', 'no VPC configuration'],
        [
          '#3 missing evidence: subnets not a list is INSUFFICIENT_EVIDENCE',
          { VpcConfig: { Subnets: 'subnet-1' } },
          'INSUFFICIENT_EVIDENCE',
          'DescribeCompilationJob',
        ],
      ],
    },
  ],
  [
    automlVolume.id,
    {
      control: automlVolume,
      source: AUTOML_JOBS,
      build: describedAutoMlJob,
      name: 'churn-autopilot',
      cases: [
        ['#1 compliant: SecurityConfig.VolumeKmsKeyId is PASS', {}, 'PASS', 'KMS key'],
        ['#2 non-compliant: no SecurityConfig is FAIL', { SecurityConfig: undefined }, 'FAIL', 'SecurityConfig.VolumeKmsKeyId'],
      ],
    },
  ],
  [
    automlOutput.id,
    {
      control: automlOutput,
      source: AUTOML_JOBS,
      build: describedAutoMlJob,
      name: 'churn-autopilot',
      cases: [
        ['#1 compliant: OutputDataConfig.KmsKeyId is PASS', {}, 'PASS', 'its output'],
        ['#2 non-compliant: no key is FAIL', { OutputDataConfig: { S3OutputPath: 's3://a/' } }, 'FAIL', 'AWS managed key'],
        [
          '#3 missing evidence: no OutputDataConfig is INSUFFICIENT_EVIDENCE',
          { OutputDataConfig: undefined },
          'INSUFFICIENT_EVIDENCE',
          'OutputDataConfig',
        ],
      ],
    },
  ],
  [
    automlVpc.id,
    {
      control: automlVpc,
      source: AUTOML_JOBS,
      build: describedAutoMlJob,
      name: 'churn-autopilot',
      cases: [
        ['#1 compliant: SecurityConfig.VpcConfig is PASS', {}, 'PASS', 'VPC subnets'],
        ['#2 non-compliant: no VpcConfig is FAIL', { SecurityConfig: { VolumeKmsKeyId: 'k' } }, 'FAIL', 'no VPC configuration'],
        [
          '#3 missing evidence: empty subnets is INSUFFICIENT_EVIDENCE',
          { SecurityConfig: { VpcConfig: { Subnets: [] } } },
          'INSUFFICIENT_EVIDENCE',
          'without a list of subnets',
        ],
      ],
    },
  ],
  [
    automlIce.id,
    {
      control: automlIce,
      source: AUTOML_JOBS,
      build: describedAutoMlJob,
      name: 'churn-autopilot',
      cases: [
        ['#1 compliant: encryption on is PASS', {}, 'PASS', 'encrypts traffic'],
        ['#2 non-compliant: off is FAIL', { SecurityConfig: { EnableInterContainerTrafficEncryption: false } }, 'FAIL', 'does not encrypt'],
        ['#3 non-compliant: no SecurityConfig (off) is FAIL', { SecurityConfig: undefined }, 'FAIL', 'is not true'],
      ],
    },
  ],
  [
    experimentInstance.id,
    {
      control: experimentInstance,
      source: INFERENCE_EXPERIMENTS,
      build: describedInferenceExperiment,
      name: 'fraud-shadow',
      cases: [
        ['#1 compliant: KmsKey is PASS', {}, 'PASS', 'the instances that host its variants'],
        ['#2 non-compliant: no KmsKey is FAIL', { KmsKey: undefined }, 'FAIL', 'AWS managed key'],
      ],
    },
  ],
  [
    experimentData.id,
    {
      control: experimentData,
      source: INFERENCE_EXPERIMENTS,
      build: describedInferenceExperiment,
      name: 'fraud-shadow',
      cases: [
        ['#1 compliant: DataStorageConfig.KmsKey is PASS', {}, 'PASS', 'the data it stores'],
        [
          '#2 non-compliant: storage without a key is FAIL',
          { DataStorageConfig: { Destination: 's3://d/' } },
          'FAIL',
          'DataStorageConfig.KmsKey',
        ],
        [
          '#3 not applicable: no DataStorageConfig is NOT_APPLICABLE',
          { DataStorageConfig: undefined },
          'NOT_APPLICABLE',
          'stores no request',
        ],
      ],
    },
  ],
];

describe.each(FAMILY)('%s', (_id, { control, source, build, name, cases }) => {
  describeAnswerCases(control, source, name, (overrides) => build(name, overrides), cases);

  describeSharedCases(sagemakerSubject(control, source, (n, scope) => build(`${name}-${n}`, {}, scope)));
});
