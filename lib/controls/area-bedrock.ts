import { control as bedrockAccountDataRetentionRestricted } from './bedrock_account_data_retention_restricted.js';
import { control as bedrockAccountEnforcedGuardrailConfigured } from './bedrock_account_enforced_guardrail_configured.js';
import { control as bedrockAgentEncryptedWithCmk } from './bedrock_agent_encrypted_with_cmk.js';
import { control as bedrockAgentGuardrailAttached } from './bedrock_agent_guardrail_attached.js';
import { control as bedrockAgentIdleSessionTtlLimited } from './bedrock_agent_idle_session_ttl_limited.js';
import { control as bedrockAgentRoleLeastPrivilege } from './bedrock_agent_role_least_privilege.js';
import { control as bedrockAgentRoleNotShared } from './bedrock_agent_role_not_shared.js';
import { control as bedrockAgentRuntimeVpcEndpointAvailable } from './bedrock_agent_runtime_vpc_endpoint_available.js';
import { control as bedrockAgentVpcEndpointAvailable } from './bedrock_agent_vpc_endpoint_available.js';
import { control as bedrockBatchInferenceJobInVpc } from './bedrock_batch_inference_job_in_vpc.js';
import { control as bedrockBatchInferenceOutputEncryptedWithCmk } from './bedrock_batch_inference_output_encrypted_with_cmk.js';
import { control as bedrockCustomModelEncryptedWithCmk } from './bedrock_custom_model_encrypted_with_cmk.js';
import { control as bedrockCustomizationJobInVpc } from './bedrock_customization_job_in_vpc.js';
import { control as bedrockEvaluationJobCompletedRecently } from './bedrock_evaluation_job_completed_recently.js';
import { control as bedrockFlowDefinitionValid } from './bedrock_flow_definition_valid.js';
import { control as bedrockFlowEncryptedWithCmk } from './bedrock_flow_encrypted_with_cmk.js';
import { control as bedrockFlowModelNodesHaveGuardrail } from './bedrock_flow_model_nodes_have_guardrail.js';
import { control as bedrockGuardrailAutomatedReasoningEnabled } from './bedrock_guardrail_automated_reasoning_enabled.js';
import { control as bedrockGuardrailConfiguredInRegion } from './bedrock_guardrail_configured_in_region.js';
import { control as bedrockGuardrailContextualGroundingEnabled } from './bedrock_guardrail_contextual_grounding_enabled.js';
import { control as bedrockGuardrailDeniedTopicsConfigured } from './bedrock_guardrail_denied_topics_configured.js';
import { control as bedrockGuardrailEncryptedWithCmk } from './bedrock_guardrail_encrypted_with_cmk.js';
import { control as bedrockGuardrailHarmfulContentFiltersEnabled } from './bedrock_guardrail_harmful_content_filters_enabled.js';
import { control as bedrockGuardrailImageContentFiltered } from './bedrock_guardrail_image_content_filtered.js';
import { control as bedrockGuardrailInterventionAlarmConfigured } from './bedrock_guardrail_intervention_alarm_configured.js';
import { control as bedrockGuardrailPromptAttackFilterHigh } from './bedrock_guardrail_prompt_attack_filter_high.js';
import { control as bedrockGuardrailSensitiveInformationFilterEffective } from './bedrock_guardrail_sensitive_information_filter_effective.js';
import { control as bedrockGuardrailStandardTier } from './bedrock_guardrail_standard_tier.js';
import { control as bedrockImportedModelEncryptedWithCmk } from './bedrock_imported_model_encrypted_with_cmk.js';
import { control as bedrockInvocationAlarmConfigured } from './bedrock_invocation_alarm_configured.js';
import { control as bedrockInvocationLogBucketEncryptedWithCmk } from './bedrock_invocation_log_bucket_encrypted_with_cmk.js';
import { control as bedrockInvocationLogGroupEncryptedWithCmk } from './bedrock_invocation_log_group_encrypted_with_cmk.js';
import { control as bedrockKnowledgeBaseDataSourceEncryptedWithCmk } from './bedrock_knowledge_base_data_source_encrypted_with_cmk.js';
import { control as bedrockKnowledgeBaseEvaluatedRecently } from './bedrock_knowledge_base_evaluated_recently.js';
import { control as bedrockKnowledgeBaseVectorStoreEncryptedWithCmk } from './bedrock_knowledge_base_vector_store_encrypted_with_cmk.js';
import { control as bedrockModelInvocationLoggingCapturesText } from './bedrock_model_invocation_logging_captures_text.js';
import { control as bedrockModelInvocationLoggingEnabled } from './bedrock_model_invocation_logging_enabled.js';
import { control as bedrockModelInvocationLoggingHasDestination } from './bedrock_model_invocation_logging_has_destination.js';
import { control as bedrockPromptEncryptedWithCmk } from './bedrock_prompt_encrypted_with_cmk.js';
import { control as bedrockRuntimeVpcEndpointAvailable } from './bedrock_runtime_vpc_endpoint_available.js';
import { control as bedrockVpcEndpointAvailable } from './bedrock_vpc_endpoint_available.js';
import type { Control } from './types.js';

/** Amazon Bedrock: model invocation logging, guardrails, custom models, agents, knowledge bases, evaluation and batch inference jobs, prompts, flows. */
export const bedrockControls: readonly Control[] = [
  bedrockAgentEncryptedWithCmk,
  bedrockAgentGuardrailAttached,
  bedrockAgentIdleSessionTtlLimited,
  bedrockAgentRoleLeastPrivilege,
  bedrockAgentRoleNotShared,
  bedrockBatchInferenceJobInVpc,
  bedrockBatchInferenceOutputEncryptedWithCmk,
  bedrockCustomModelEncryptedWithCmk,
  bedrockCustomizationJobInVpc,
  bedrockEvaluationJobCompletedRecently,
  bedrockFlowEncryptedWithCmk,
  bedrockFlowModelNodesHaveGuardrail,
  bedrockGuardrailConfiguredInRegion,
  bedrockGuardrailContextualGroundingEnabled,
  bedrockGuardrailDeniedTopicsConfigured,
  bedrockGuardrailEncryptedWithCmk,
  bedrockGuardrailHarmfulContentFiltersEnabled,
  bedrockGuardrailPromptAttackFilterHigh,
  bedrockGuardrailSensitiveInformationFilterEffective,
  bedrockImportedModelEncryptedWithCmk,
  bedrockInvocationLogBucketEncryptedWithCmk,
  bedrockInvocationLogGroupEncryptedWithCmk,
  bedrockKnowledgeBaseDataSourceEncryptedWithCmk,
  bedrockKnowledgeBaseEvaluatedRecently,
  bedrockModelInvocationLoggingCapturesText,
  bedrockModelInvocationLoggingEnabled,
  bedrockModelInvocationLoggingHasDestination,
  bedrockPromptEncryptedWithCmk,
  bedrockRuntimeVpcEndpointAvailable,
  bedrockVpcEndpointAvailable,
  bedrockAgentVpcEndpointAvailable,
  bedrockAgentRuntimeVpcEndpointAvailable,
  bedrockGuardrailStandardTier,
  bedrockGuardrailImageContentFiltered,
  bedrockGuardrailAutomatedReasoningEnabled,
  bedrockFlowDefinitionValid,
  bedrockAccountDataRetentionRestricted,
  bedrockAccountEnforcedGuardrailConfigured,
  bedrockInvocationAlarmConfigured,
  bedrockGuardrailInterventionAlarmConfigured,
  bedrockKnowledgeBaseVectorStoreEncryptedWithCmk,
];
