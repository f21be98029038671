import { describe } from 'vitest';
import { MONITORING_JOB_KINDS, type MonitoringJobKind } from '../../lib/controls/sagemaker.js';
import { control as dataQualityEncryption } from '../../lib/controls/sagemaker_data_quality_job_definition_inter_container_encryption_enabled.js';
import { control as dataQualityIsolation } from '../../lib/controls/sagemaker_data_quality_job_definition_network_isolation_enabled.js';
import { control as modelBiasEncryption } from '../../lib/controls/sagemaker_model_bias_job_definition_inter_container_encryption_enabled.js';
import { control as modelBiasIsolation } from '../../lib/controls/sagemaker_model_bias_job_definition_network_isolation_enabled.js';
import { control as explainabilityEncryption } from '../../lib/controls/sagemaker_model_explainability_job_definition_inter_container_encryption_enabled.js';
import { control as explainabilityIsolation } from '../../lib/controls/sagemaker_model_explainability_job_definition_network_isolation_enabled.js';
import { control as modelQualityEncryption } from '../../lib/controls/sagemaker_model_quality_job_definition_inter_container_encryption_enabled.js';
import { control as modelQualityIsolation } from '../../lib/controls/sagemaker_model_quality_job_definition_network_isolation_enabled.js';
import type { Control } from '../../lib/controls/types.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { describedJobDefinition, sagemakerSubject } from '../fixtures/sagemaker.js';
import { type AnswerCase, describeAnswerCases } from '../fixtures/sagemaker-cases.js';

const TWO_INSTANCES = { ClusterConfig: { InstanceCount: 2, InstanceType: 'ml.m5.large', VolumeSizeInGB: 20 } };

/** Inter-container encryption matters only where the job runs on more than one instance. */
const ENCRYPTION_CASES: readonly AnswerCase[] = [
  ['#1 compliant: NetworkConfig.EnableInterContainerTrafficEncryption true is PASS', {}, 'PASS', 'encrypts traffic'],
  [
    '#2 non-compliant: encryption off on two instances is FAIL',
    { NetworkConfig: { EnableInterContainerTrafficEncryption: false, EnableNetworkIsolation: true }, JobResources: TWO_INSTANCES },
    'FAIL',
    'runs on 2 instances',
  ],
  [
    '#3 non-compliant: no NetworkConfig on two instances is FAIL',
    { NetworkConfig: undefined, JobResources: TWO_INSTANCES },
    'FAIL',
    'does not encrypt',
  ],
  ['#4 not applicable: no NetworkConfig on one instance is NOT_APPLICABLE', { NetworkConfig: undefined }, 'NOT_APPLICABLE', 'one instance'],
  [
    '#5 missing evidence: no NetworkConfig and no JobResources in the answer is INSUFFICIENT_EVIDENCE',
    { NetworkConfig: undefined, JobResources: undefined },
    'INSUFFICIENT_EVIDENCE',
    'InstanceCount',
  ],
];

const ISOLATION_CASES: readonly AnswerCase[] = [
  ['#1 compliant: NetworkConfig.EnableNetworkIsolation true is PASS', {}, 'PASS', 'network isolation enabled'],
  [
    '#2 non-compliant: NetworkConfig.EnableNetworkIsolation false is FAIL',
    { NetworkConfig: { EnableInterContainerTrafficEncryption: true, EnableNetworkIsolation: false } },
    'FAIL',
    'network calls',
  ],
  ['#3 non-compliant: no NetworkConfig is FAIL', { NetworkConfig: undefined }, 'FAIL', 'network calls'],
];

/** The four kinds of monitoring job definition, each with the name its cases judge and the prefix of the shared cases' names. */
const KINDS: readonly { kind: MonitoringJobKind; name: string; prefix: string; encryption: Control; isolation: Control }[] = [
  { kind: 'DataQuality', name: 'fraud-dq', prefix: 'dq', encryption: dataQualityEncryption, isolation: dataQualityIsolation },
  { kind: 'ModelBias', name: 'fraud-bias', prefix: 'bias', encryption: modelBiasEncryption, isolation: modelBiasIsolation },
  {
    kind: 'ModelExplainability',
    name: 'fraud-explainability',
    prefix: 'explainability',
    encryption: explainabilityEncryption,
    isolation: explainabilityIsolation,
  },
  { kind: 'ModelQuality', name: 'fraud-mq', prefix: 'mq', encryption: modelQualityEncryption, isolation: modelQualityIsolation },
];

/** Every control of the matrix: each kind's definitions judged on each of the two network settings. */
const CONTROLS = KINDS.flatMap(({ encryption, isolation, ...kind }) => [
  [encryption.id, { ...kind, control: encryption, cases: ENCRYPTION_CASES }] as const,
  [isolation.id, { ...kind, control: isolation, cases: ISOLATION_CASES }] as const,
]);

describe.each(CONTROLS)('%s', (_id, { kind, name, prefix, control, cases }) => {
  const source = MONITORING_JOB_KINDS[kind];

  describeAnswerCases(control, source, name, (overrides) => describedJobDefinition(kind, name, overrides), cases);

  describeSharedCases(sagemakerSubject(control, source, (n, scope) => describedJobDefinition(kind, `${prefix}-${n}`, {}, scope)));
});
