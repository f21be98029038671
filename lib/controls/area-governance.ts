import { control as cloudtrailBedrockDataEventsCaptured } from './cloudtrail_bedrock_data_events_captured.js';
import { control as cloudtrailBedrockModelAccessByAllowedPrincipals } from './cloudtrail_bedrock_model_access_by_allowed_principals.js';
import { control as cloudtrailMultiRegionTrailLogging } from './cloudtrail_multi_region_trail_logging.js';
import { control as cloudtrailSagemakerDataEventsCaptured } from './cloudtrail_sagemaker_data_events_captured.js';
import { control as cloudtrailTrailCloudwatchLogsEnabled } from './cloudtrail_trail_cloudwatch_logs_enabled.js';
import { control as cloudtrailTrailEncryptedWithKms } from './cloudtrail_trail_encrypted_with_kms.js';
import { control as cloudtrailTrailLogFileValidationEnabled } from './cloudtrail_trail_log_file_validation_enabled.js';
import { control as configAiManagedRulesCompliant } from './config_ai_managed_rules_compliant.js';
import { control as configAiManagedRulesDeployed } from './config_ai_managed_rules_deployed.js';
import { control as configDeliveryChannelHealthy } from './config_delivery_channel_healthy.js';
import { control as configRecorderEnabled } from './config_recorder_enabled.js';
import { control as configRecorderRecordsAiResources } from './config_recorder_records_ai_resources.js';
import { control as configTrainingDataBucketsRecorded } from './config_training_data_buckets_recorded.js';
import { control as securityhubAiResourceFindingsResolved } from './securityhub_ai_resource_findings_resolved.js';
import { control as securityhubAiSecurityStandardEnabled } from './securityhub_ai_security_standard_enabled.js';
import { control as securityhubFsbpStandardEnabled } from './securityhub_fsbp_standard_enabled.js';
import { control as securityhubHubEnabled } from './securityhub_hub_enabled.js';
import type { Control } from './types.js';

/** AWS Config, AWS Security Hub and AWS CloudTrail: the account-wide record and assurance services. */
export const governanceControls: readonly Control[] = [
  cloudtrailBedrockDataEventsCaptured,
  cloudtrailBedrockModelAccessByAllowedPrincipals,
  cloudtrailMultiRegionTrailLogging,
  cloudtrailSagemakerDataEventsCaptured,
  cloudtrailTrailCloudwatchLogsEnabled,
  cloudtrailTrailEncryptedWithKms,
  cloudtrailTrailLogFileValidationEnabled,
  configAiManagedRulesCompliant,
  configAiManagedRulesDeployed,
  configDeliveryChannelHealthy,
  configRecorderEnabled,
  configRecorderRecordsAiResources,
  configTrainingDataBucketsRecorded,
  securityhubAiResourceFindingsResolved,
  securityhubAiSecurityStandardEnabled,
  securityhubFsbpStandardEnabled,
  securityhubHubEnabled,
];
