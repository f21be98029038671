import { control as agentcoreBrowserNotPublic } from './agentcore_browser_not_public.js';
import { control as agentcoreBrowserRecordingEnabled } from './agentcore_browser_recording_enabled.js';
import { control as agentcoreCodeInterpreterInVpc } from './agentcore_code_interpreter_in_vpc.js';
import { control as agentcoreGatewayDebugErrorsDisabled } from './agentcore_gateway_debug_errors_disabled.js';
import { control as agentcoreGatewayEncryptedWithCmk } from './agentcore_gateway_encrypted_with_cmk.js';
import { control as agentcoreGatewayInboundAuthorizationEnabled } from './agentcore_gateway_inbound_authorization_enabled.js';
import { control as agentcoreGatewayPolicyEngineEnforced } from './agentcore_gateway_policy_engine_enforced.js';
import { control as agentcoreGatewayResourcePolicyNotPublic } from './agentcore_gateway_resource_policy_not_public.js';
import { control as agentcoreGatewayWafProtected } from './agentcore_gateway_waf_protected.js';
import { control as agentcoreMemoryEncryptedWithCmk } from './agentcore_memory_encrypted_with_cmk.js';
import { control as agentcorePolicyEngineEncryptedWithCmk } from './agentcore_policy_engine_encrypted_with_cmk.js';
import { control as agentcoreRegistryRecordsRequireApproval } from './agentcore_registry_records_require_approval.js';
import { control as agentcoreRuntimeImageFromAccountEcr } from './agentcore_runtime_image_from_account_ecr.js';
import { control as agentcoreRuntimeInVpc } from './agentcore_runtime_in_vpc.js';
import { control as agentcoreRuntimeInboundIdentityRestricted } from './agentcore_runtime_inbound_identity_restricted.js';
import { control as agentcoreRuntimeLogDeliveryEnabled } from './agentcore_runtime_log_delivery_enabled.js';
import { control as agentcoreRuntimeOnlineEvaluationEnabled } from './agentcore_runtime_online_evaluation_enabled.js';
import { control as agentcoreRuntimeResourcePolicyNotPublic } from './agentcore_runtime_resource_policy_not_public.js';
import { control as agentcoreRuntimeTracingEnabled } from './agentcore_runtime_tracing_enabled.js';
import { control as agentcoreTokenVaultEncryptedWithCmk } from './agentcore_token_vault_encrypted_with_cmk.js';
import { control as agentcoreVpcEndpointAvailable } from './agentcore_vpc_endpoint_available.js';
import { control as ecrRuntimeImageContinuousScanningEnabled } from './ecr_runtime_image_continuous_scanning_enabled.js';
import { control as ecrRuntimeImageRepositoryEncryptedWithCmk } from './ecr_runtime_image_repository_encrypted_with_cmk.js';
import { control as ecrRuntimeImageRepositoryPolicyNotPublic } from './ecr_runtime_image_repository_policy_not_public.js';
import { control as ecrRuntimeImageScannedOnPush } from './ecr_runtime_image_scanned_on_push.js';
import { control as ecrRuntimeImageTagImmutable } from './ecr_runtime_image_tag_immutable.js';
import { control as guarddutyAiProtectionEnabled } from './guardduty_ai_protection_enabled.js';
import { control as guarddutyDetectorEnabled } from './guardduty_detector_enabled.js';
import { control as guarddutyLambdaProtectionEnabled } from './guardduty_lambda_protection_enabled.js';
import { control as guarddutyNoHighSeverityAiFindings } from './guardduty_no_high_severity_ai_findings.js';
import { control as guarddutyNoOpenAiProtectionFindings } from './guardduty_no_open_ai_protection_findings.js';
import { control as guarddutyRuntimeMonitoringEnabled } from './guardduty_runtime_monitoring_enabled.js';
import { control as guarddutyS3ProtectionEnabled } from './guardduty_s3_protection_enabled.js';
import { control as iamAiFullAccessPolicyUnattached } from './iam_ai_full_access_policy_unattached.js';
import { control as iamBedrockApiKeyHolderNotAdmin } from './iam_bedrock_api_key_holder_not_admin.js';
import { control as iamBedrockApiKeyNotLongTerm } from './iam_bedrock_api_key_not_long_term.js';
import { control as iamPolicyModelInvocationRequiresGuardrail } from './iam_policy_model_invocation_requires_guardrail.js';
import { control as iamPolicyNoFullAiServiceAccess } from './iam_policy_no_full_ai_service_access.js';
import { control as inspectorLambdaCodeScanningEnabled } from './inspector_lambda_code_scanning_enabled.js';
import { control as inspectorLambdaScanningEnabled } from './inspector_lambda_scanning_enabled.js';
import { control as inspectorRuntimeImageNoCriticalFindings } from './inspector_runtime_image_no_critical_findings.js';
import { control as macieEnabled } from './macie_enabled.js';
import { control as macieTrainingDataBucketInClassificationJob } from './macie_training_data_bucket_in_classification_job.js';
import { control as organizationsAiServicesOptOutEnforced } from './organizations_ai_services_opt_out_enforced.js';
import type { Control } from './types.js';

/** Amazon Bedrock AgentCore (with the ECR repositories of its runtime images), Amazon GuardDuty, Amazon Inspector, AWS IAM, Amazon Macie and AWS Organizations. */
export const supportingControls: readonly Control[] = [
  agentcoreBrowserNotPublic,
  agentcoreBrowserRecordingEnabled,
  agentcoreCodeInterpreterInVpc,
  agentcoreGatewayDebugErrorsDisabled,
  agentcoreGatewayEncryptedWithCmk,
  agentcoreGatewayInboundAuthorizationEnabled,
  agentcoreGatewayPolicyEngineEnforced,
  agentcoreGatewayWafProtected,
  agentcoreMemoryEncryptedWithCmk,
  agentcorePolicyEngineEncryptedWithCmk,
  agentcoreRuntimeInVpc,
  agentcoreRuntimeInboundIdentityRestricted,
  agentcoreRuntimeLogDeliveryEnabled,
  agentcoreRuntimeTracingEnabled,
  agentcoreVpcEndpointAvailable,
  guarddutyAiProtectionEnabled,
  guarddutyDetectorEnabled,
  guarddutyLambdaProtectionEnabled,
  guarddutyNoHighSeverityAiFindings,
  guarddutyRuntimeMonitoringEnabled,
  guarddutyS3ProtectionEnabled,
  iamAiFullAccessPolicyUnattached,
  iamBedrockApiKeyHolderNotAdmin,
  iamBedrockApiKeyNotLongTerm,
  iamPolicyModelInvocationRequiresGuardrail,
  iamPolicyNoFullAiServiceAccess,
  macieEnabled,
  macieTrainingDataBucketInClassificationJob,
  organizationsAiServicesOptOutEnforced,
  agentcoreTokenVaultEncryptedWithCmk,
  agentcoreRuntimeResourcePolicyNotPublic,
  agentcoreGatewayResourcePolicyNotPublic,
  agentcoreRuntimeOnlineEvaluationEnabled,
  agentcoreRegistryRecordsRequireApproval,
  agentcoreRuntimeImageFromAccountEcr,
  ecrRuntimeImageRepositoryEncryptedWithCmk,
  ecrRuntimeImageScannedOnPush,
  ecrRuntimeImageContinuousScanningEnabled,
  ecrRuntimeImageTagImmutable,
  ecrRuntimeImageRepositoryPolicyNotPublic,
  inspectorLambdaScanningEnabled,
  inspectorLambdaCodeScanningEnabled,
  inspectorRuntimeImageNoCriticalFindings,
  guarddutyNoOpenAiProtectionFindings,
];
