import { CONFIG_RECORDING_COLLECTOR, settingRecord } from './config-helpers.js';
import { arrayField, objectField, scopeControl } from './governance-helpers.js';

const DELIVERIES = ['configHistoryDeliveryInfo', 'configSnapshotDeliveryInfo', 'configStreamDeliveryInfo'] as const;

/** AWS Config has a delivery channel, and its last deliveries did not fail. */
export const control = scopeControl(
  {
    id: 'config_delivery_channel_healthy',
    version: 2,
    title: 'AWS Config delivers configuration history to a working delivery channel',
    rationale:
      'Configuration items that are never delivered to S3 are lost after the retention of the service: the history an auditor asks for (how a model endpoint or guardrail looked on a given day) must be delivered and kept.',
    severity: 'MEDIUM',
    remediation:
      'Create a delivery channel with PutDeliveryChannel to an S3 bucket AWS Config may write to; when a delivery fails, fix the bucket policy, KMS key policy or SNS topic named in DescribeDeliveryChannelStatus (lastErrorCode).',
    cafAi: ['security-assurance', 'incident-response'],
    aiRmf: ['MEASURE 3.1', 'MANAGE 4.1', 'GOVERN 1.5'],
    iso42001: ['A.6.2.8'],
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
        operations: ['DescribeDeliveryChannels', 'DescribeDeliveryChannelStatus'],
        unrelated: ['DescribeConfigurationRecorders', 'DescribeConfigurationRecorderStatus'],
      },
    ],
    noun: 'AWS Config delivery channels',
    check: (view) => {
      const where = `account ${view.scope.accountId} in ${view.scope.region}`;
      const channelsRecord = settingRecord(view, 'DescribeDeliveryChannels');
      const statusRecord = settingRecord(view, 'DescribeDeliveryChannelStatus');
      const channels = arrayField(channelsRecord?.record.data, 'DeliveryChannels');
      const statuses = arrayField(statusRecord?.record.data, 'DeliveryChannelsStatus');
      if (channels === undefined || statuses === undefined) {
        return {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: `AWS Config in ${where}: no ${channels === undefined ? 'DescribeDeliveryChannels DeliveryChannels' : 'DescribeDeliveryChannelStatus DeliveryChannelsStatus'} answer was kept.`,
        };
      }
      if (channels.length === 0) {
        return { status: 'FAIL', reason: `AWS Config has no delivery channel in ${where}.` };
      }
      const problems: string[] = [];
      const unknown: string[] = [];
      for (const channel of channels) {
        const name = String((channel as Record<string, unknown>)?.name ?? '(unnamed)');
        const bucket = (channel as Record<string, unknown>)?.s3BucketName;
        if (typeof bucket !== 'string' || bucket === '') problems.push(`${name} names no S3 bucket`);
        const status = statuses.find((s) => (s as Record<string, unknown>)?.name === name);
        if (status === undefined) {
          unknown.push(name);
          continue;
        }
        for (const delivery of DELIVERIES) {
          const info = objectField(status, delivery);
          if (info?.lastStatus === 'FAILURE' || info?.lastStatus === 'Failure') {
            const code = typeof info.lastErrorCode === 'string' ? ` (${info.lastErrorCode})` : '';
            problems.push(`${name} failed its last ${delivery.replace(/^config|DeliveryInfo$/g, '').toLowerCase()} delivery${code}`);
          }
        }
      }
      if (problems.length > 0) return { status: 'FAIL', reason: `AWS Config delivery in ${where} is not healthy: ${problems.join('; ')}.` };
      if (unknown.length > 0) {
        return {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: `AWS Config in ${where} gave no delivery status for channel ${unknown.join(', ')}.`,
        };
      }
      const names = channels.map((c) => String((c as Record<string, unknown>).name));
      return { status: 'PASS', reason: `AWS Config in ${where} delivers through ${names.join(', ')} without failures.` };
    },
  },
);
