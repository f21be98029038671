import { control as configDeliveryChannelHealthy } from './config_delivery_channel_healthy.js';
import { control as configRecorderEnabled } from './config_recorder_enabled.js';
import { control as configRecorderRecordsAiResources } from './config_recorder_records_ai_resources.js';
import type { Control } from './types.js';

/** AWS Config, AWS Security Hub and AWS CloudTrail: the account-wide record and assurance services. */
export const governanceControls: readonly Control[] = [
  configDeliveryChannelHealthy,
  configRecorderEnabled,
  configRecorderRecordsAiResources,
];
