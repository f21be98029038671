import { AI_RESOURCES_COLLECTOR, TRAINING_DATA_TAG } from '../collectors/config-ai-resources.js';
import { CONFIG_RECORDING_COLLECTOR, recordedAmong } from './config-helpers.js';
import { listSome, scopeControl } from './governance-helpers.js';

const TAG = `${TRAINING_DATA_TAG.key}=${TRAINING_DATA_TAG.value}`;

/** AWS Config records S3 buckets, and so the configuration history of the buckets tagged as training data. */
export const control = scopeControl(
  {
    id: 'config_training_data_buckets_recorded',
    version: 3,
    title: 'AWS Config records the S3 buckets tagged as training data',
    rationale:
      'Training data decides what a model learns. The configuration history of its buckets (policy, encryption, public access, versioning) is what shows an auditor that the data was protected, and since when; without AWS Config recording S3 buckets there is none.',
    severity: 'MEDIUM',
    remediation: `Tag every bucket that holds training data with ${TAG}, and make a recording AWS Config recorder include AWS::S3::Bucket (record all supported types, or add the type to the recording group).`,
    cafAi: ['data-protection', 'security-assurance'],
    aiRmf: ['MAP 4.1', 'MEASURE 2.10', 'GOVERN 1.6'],
    iso42001: ['A.7.2', 'A.7.5', 'A.4.3'],
    aiLayers: ['input'],
    securityHubControls: [],
    configRules: [],
    collectors: [CONFIG_RECORDING_COLLECTOR, AI_RESOURCES_COLLECTOR],
    resourceType: 'AWS::::Account',
  },
  {
    sources: [
      {
        collector: CONFIG_RECORDING_COLLECTOR,
        operations: ['DescribeConfigurationRecorders', 'DescribeConfigurationRecorderStatus'],
        unrelated: ['DescribeDeliveryChannels', 'DescribeDeliveryChannelStatus'],
      },
      { collector: AI_RESOURCES_COLLECTOR, operations: ['SelectResourceConfig'], unrelated: ['SelectAggregateResourceConfig'] },
    ],
    noun: 'AWS Config recorders and inventory',
    check: (view) => {
      const where = `account ${view.scope.accountId} in ${view.scope.region}`;
      const among = recordedAmong(view, ['AWS::S3::Bucket']);
      if ('insufficient' in among) return among.insufficient;
      const buckets = view
        .records(AI_RESOURCES_COLLECTOR, 'SelectResourceConfig')
        .filter((e) => e.record.resource.type === 'AWS::S3::Bucket');
      const names = buckets.map((e) => String(e.record.data.resourceName ?? e.record.data.resourceId));
      if (among.missing.length > 0) {
        const known = buckets.length > 0 ? ` (its inventory still lists ${listSome(names)} from earlier recording)` : '';
        return {
          status: 'FAIL',
          reason: `AWS Config in ${where} does not record S3 buckets, so buckets tagged ${TAG} have no configuration history${known}.`,
          cite: [...among.cite, ...buckets],
        };
      }
      if (buckets.length === 0) {
        return {
          status: 'NOT_APPLICABLE',
          reason: `AWS Config in ${where} records S3 buckets, and none is tagged ${TAG}.`,
          cite: among.cite,
        };
      }
      return {
        status: 'PASS',
        reason: `AWS Config in ${where} records the training-data buckets ${listSome(names)}.`,
        cite: [...among.cite, ...buckets],
      };
    },
  },
);
