import {
  DescribeConfigurationRecorderStatusCommand,
  DescribeConfigurationRecordersCommand,
  DescribeDeliveryChannelStatusCommand,
  DescribeDeliveryChannelsCommand,
} from '@aws-sdk/client-config-service';
import type { CoverageError } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { collectorResult, coverageError } from './errors.js';
import { governanceRecord, regionSettingId, requiredList } from './governance-helpers.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

export const CONFIG_RECORDING_COLLECTOR = 'config.recording';
export const RECORDER_TYPE = 'AWS::Config::ConfigurationRecorder';
export const DELIVERY_CHANNEL_TYPE = 'AWS::Config::DeliveryChannel';

/** The four region-level answers this collector keeps, each as one record. */
export const RECORDING_READS = [
  { operation: 'DescribeConfigurationRecorders', list: 'ConfigurationRecorders', type: RECORDER_TYPE, what: 'configuration-recorders' },
  {
    operation: 'DescribeConfigurationRecorderStatus',
    list: 'ConfigurationRecordersStatus',
    type: RECORDER_TYPE,
    what: 'configuration-recorder-status',
  },
  { operation: 'DescribeDeliveryChannels', list: 'DeliveryChannels', type: DELIVERY_CHANNEL_TYPE, what: 'delivery-channels' },
  {
    operation: 'DescribeDeliveryChannelStatus',
    list: 'DeliveryChannelsStatus',
    type: DELIVERY_CHANNEL_TYPE,
    what: 'delivery-channel-status',
  },
] as const;

export type RecordingOperation = (typeof RECORDING_READS)[number]['operation'];

function command(operation: RecordingOperation) {
  switch (operation) {
    case 'DescribeConfigurationRecorders':
      return new DescribeConfigurationRecordersCommand({});
    case 'DescribeConfigurationRecorderStatus':
      return new DescribeConfigurationRecorderStatusCommand({});
    case 'DescribeDeliveryChannels':
      return new DescribeDeliveryChannelsCommand({});
    case 'DescribeDeliveryChannelStatus':
      return new DescribeDeliveryChannelStatusCommand({});
  }
}

/**
 * AWS Config's recorders and delivery channels of the region, with their status. Each answer is
 * one record (the whole list, empty when nothing is set up), so that "no recorder" is evidence.
 * Each call fails on its own: a denied status call leaves the others' records.
 */
export const configRecording: Collector = {
  id: CONFIG_RECORDING_COLLECTOR,
  service: 'config',
  description: 'AWS Config configuration recorders and delivery channels of the region, with their status.',
  actions: RECORDING_READS.map((r) => `config:${r.operation}`),
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    const client = ctx.clients.client('config', ctx.region);
    const errors: CoverageError[] = [];
    const records: EvidenceRecord[] = [];
    for (const read of RECORDING_READS) {
      try {
        // The union of four command types does not narrow send's overloads; the output is checked below.
        const output: object = await client.send(command(read.operation) as DescribeConfigurationRecordersCommand);
        requiredList(read.operation, output, read.list);
        records.push(
          governanceRecord(ctx, {
            collector: CONFIG_RECORDING_COLLECTOR,
            service: 'config',
            operation: read.operation,
            resource: { type: read.type, id: regionSettingId('config', read.what, ctx) },
            data: output,
          }),
        );
      } catch (error) {
        errors.push(coverageError(read.operation, error));
      }
    }
    return collectorResult(CONFIG_RECORDING_COLLECTOR, ctx, records, errors);
  },
};
