import { CONFIG_RECORDING_COLLECTOR, recordedAmong } from './config-helpers.js';
import { scopeControl } from './governance-helpers.js';

/**
 * The SageMaker and Bedrock resource types a recorder must record for the AI estate's history to
 * exist: AWS Config resource types that hold the settings the catalog judges.
 */
export const AI_RESOURCE_TYPES = [
  'AWS::SageMaker::NotebookInstance',
  'AWS::SageMaker::Model',
  'AWS::SageMaker::Domain',
  'AWS::Bedrock::Guardrail',
  'AWS::Bedrock::KnowledgeBase',
] as const;

/** A recording recorder includes the SageMaker and Bedrock resource types. */
export const control = scopeControl(
  {
    id: 'config_recorder_records_ai_resources',
    version: 2,
    title: 'AWS Config records SageMaker and Bedrock resource types',
    rationale:
      'A recorder limited to other resource types leaves no configuration history for notebooks, models, domains, guardrails and knowledge bases: changes to the AI estate go unseen and Config rules about them never run.',
    severity: 'MEDIUM',
    remediation: `Record all supported resource types, or add ${AI_RESOURCE_TYPES.join(', ')} to the recorder's recording group (PutConfigurationRecorder), and make sure the recorder is started.`,
    cafAi: ['security-assurance', 'security-governance'],
    aiRmf: ['GOVERN 1.6', 'MEASURE 3.1', 'MANAGE 4.1'],
    iso42001: ['A.4.2', 'A.6.2.6'],
    aiLayers: ['input', 'model', 'output'],
    securityHubControls: [],
    configRules: [],
    collectors: [CONFIG_RECORDING_COLLECTOR],
    resourceType: 'AWS::::Account',
  },
  {
    sources: [
      {
        collector: CONFIG_RECORDING_COLLECTOR,
        operations: ['DescribeConfigurationRecorders', 'DescribeConfigurationRecorderStatus'],
        unrelated: ['DescribeDeliveryChannels', 'DescribeDeliveryChannelStatus'],
      },
    ],
    noun: 'AWS Config recorders',
    check: (view) => {
      const among = recordedAmong(view, AI_RESOURCE_TYPES);
      if ('insufficient' in among) return among.insufficient;
      const where = `account ${view.scope.accountId} in ${view.scope.region}`;
      if (among.active.length === 0) {
        return {
          status: 'FAIL',
          reason: `AWS Config records nothing in ${where}: no configuration recorder is recording.`,
          cite: among.cite,
        };
      }
      if (among.missing.length === 0) {
        return { status: 'PASS', reason: `AWS Config in ${where} records ${AI_RESOURCE_TYPES.join(', ')}.`, cite: among.cite };
      }
      return {
        status: 'FAIL',
        reason: `AWS Config in ${where} does not record ${among.missing.join(', ')}.`,
        cite: among.cite,
      };
    },
  },
);
