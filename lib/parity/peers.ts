/**
 * What the peer tools check (shared/reference/peer-checks.md) and where the catalog stands on each:
 * the controls that cover it, or why it is not a control. Security Hub rows take their controls from
 * the controls' `securityHubControls` metadata; the other rows name controls here. When a control
 * is added, add its id to the rows it covers and drop their gap. A test fails when a row names a
 * control the catalog lacks, or has neither a control nor a gap.
 */

/** Why a peer check is not one of our controls. */
export type GapKind = 'attestation' | 'duplicate' | 'not-a-security-failure' | 'not-yet-implemented';

export interface Gap {
  readonly kind: GapKind;
  readonly note: string;
}

export interface PeerRow {
  readonly concept: string;
  /** Our controls that cover it (wholly, or in part where the gap says what is left). */
  readonly controls?: readonly string[];
  /** Why it is not a control, or what part of it is not. */
  readonly gap?: Gap;
}

export interface PeerSection {
  readonly title: string;
  readonly source: string;
  readonly rows: readonly PeerRow[];
}

const notYet = (note: string): Gap => ({ kind: 'not-yet-implemented', note });
const notAFailure = (note: string): Gap => ({ kind: 'not-a-security-failure', note });

/** The 31 controls of Security Hub CSPM's AI Security Best Practices v1.0.0 standard, with their subject. */
export const SECURITY_HUB_AI_STANDARD: Readonly<Record<string, string>> = {
  'Bedrock.1': 'Knowledge base data sources use a customer managed key',
  'BedrockAgentCore.1': 'Runtimes use VPC network mode',
  'BedrockAgentCore.2': 'Gateways authorize inbound requests',
  'BedrockAgentCore.3': 'Memories use a customer managed key',
  'BedrockAgentCore.4': 'Gateways use a customer managed key',
  'BedrockAgentCore.5': 'Custom browsers are not public',
  'BedrockAgentCore.6': 'Browsers record sessions to S3',
  'BedrockAgentCore.7': 'Code interpreters do not use PUBLIC or SANDBOX network mode',
  'SageMaker.1': 'Notebook instances have no direct internet access',
  'SageMaker.2': 'Notebook instances run in a custom VPC',
  'SageMaker.3': 'Notebook instances have no root access',
  'SageMaker.4': 'Endpoint production variants run on more than one instance',
  'SageMaker.5': 'Models have network isolation',
  'SageMaker.8': 'Notebook instances run on a supported platform',
  'SageMaker.9': 'Data quality job definitions encrypt inter-container traffic',
  'SageMaker.10': 'Model explainability job definitions encrypt inter-container traffic',
  'SageMaker.11': 'Data quality job definitions have network isolation',
  'SageMaker.12': 'Model explainability job definitions have network isolation',
  'SageMaker.13': 'Model quality job definitions encrypt inter-container traffic',
  'SageMaker.14': 'Model quality job definitions have network isolation',
  'SageMaker.15': 'Model bias job definitions encrypt inter-container traffic',
  'SageMaker.16': 'Models pull container images from a private registry in the VPC',
  'SageMaker.17': 'Feature groups encrypt the offline store with a customer managed key',
  'SageMaker.18': 'Feature groups encrypt the online store with a customer managed key',
  'SageMaker.19': 'Model containers use a private registry (RepositoryAccessMode Vpc)',
  'SageMaker.20': 'Model bias job definitions have network isolation',
  'SageMaker.21': 'Notebook instances use a customer managed key',
  'SageMaker.22': 'Monitoring schedules encrypt inter-container traffic',
  'SageMaker.23': 'Inference experiments encrypt instance storage with a customer managed key',
  'SageMaker.24': 'Inference experiments encrypt data storage with a customer managed key',
  'SageMaker.25': 'Monitoring schedules have network isolation',
};

/** Security Hub AI standard controls no control of ours carries in its metadata, and why. */
export const SECURITY_HUB_GAPS: Readonly<Record<string, Gap>> = {};

export const PEER_SECTIONS: readonly PeerSection[] = [
  {
    title: 'Prowler: Amazon Bedrock and related checks',
    source: 'Prowler 5.x, prowler/providers/aws/services/bedrock/ and related services',
    rows: [
      { concept: 'Model invocation logging enabled per region', controls: ['bedrock_model_invocation_logging_enabled'] },
      {
        concept: 'Invocation logs encrypted (S3 bucket, CloudWatch log group KMS key)',
        controls: ['bedrock_invocation_log_bucket_encrypted_with_cmk', 'bedrock_invocation_log_group_encrypted_with_cmk'],
      },
      { concept: 'At least one guardrail per region', controls: ['bedrock_guardrail_configured_in_region'] },
      { concept: 'Guardrail prompt-attack filter at HIGH input strength', controls: ['bedrock_guardrail_prompt_attack_filter_high'] },
      { concept: 'Guardrail sensitive-information (PII) policy', controls: ['bedrock_guardrail_sensitive_information_filter_effective'] },
      { concept: 'Guardrail contextual grounding and relevance filters', controls: ['bedrock_guardrail_contextual_grounding_enabled'] },
      { concept: 'Agent has a guardrail', controls: ['bedrock_agent_guardrail_attached'] },
      { concept: 'Agent role least privilege', controls: ['bedrock_agent_role_least_privilege'] },
      { concept: 'Agent role not shared across agents', controls: ['bedrock_agent_role_not_shared'] },
      { concept: 'Bedrock API keys without admin privileges', controls: ['iam_bedrock_api_key_holder_not_admin'] },
      { concept: 'No long-term Bedrock API keys', controls: ['iam_bedrock_api_key_not_long_term'] },
      { concept: 'No role with the AmazonBedrockFullAccess managed policy', controls: ['iam_ai_full_access_policy_unattached'] },
      { concept: 'Custom model encrypted with a customer managed key', controls: ['bedrock_custom_model_encrypted_with_cmk'] },
      { concept: 'Knowledge base data sources encrypted with a CMK', controls: ['bedrock_knowledge_base_data_source_encrypted_with_cmk'] },
      { concept: 'Prompt Management prompts encrypted with a CMK', controls: ['bedrock_prompt_encrypted_with_cmk'] },
      {
        concept: 'Prompt management in use',
        gap: notAFailure(
          'Keeping prompts outside Prompt Management is a design choice, not a misconfiguration; managed prompts are judged for encryption.',
        ),
      },
      {
        concept: 'VPC endpoints for bedrock, bedrock-runtime, bedrock-agent, bedrock-agent-runtime',
        controls: [
          'bedrock_vpc_endpoint_available',
          'bedrock_runtime_vpc_endpoint_available',
          'bedrock_agent_vpc_endpoint_available',
          'bedrock_agent_runtime_vpc_endpoint_available',
        ],
      },
      {
        concept: 'A CloudTrail trail records Bedrock API activity',
        controls: ['cloudtrail_multi_region_trail_logging', 'cloudtrail_bedrock_data_events_captured'],
      },
      {
        concept: '"LLM-jacking" detection over CloudTrail Bedrock events',
        controls: ['cloudtrail_bedrock_model_access_by_allowed_principals'],
      },
      {
        concept: 'IAM access to Bedrock and SageMaker not stale',
        controls: ['iam_bedrock_access_not_stale', 'iam_sagemaker_access_not_stale'],
      },
      { concept: 'AI services opt-out policy in AWS Organizations', controls: ['organizations_ai_services_opt_out_enforced'] },
    ],
  },
  {
    title: 'Prowler: Amazon SageMaker',
    source: 'Prowler 5.x, prowler/providers/aws/services/sagemaker/',
    rows: [
      { concept: 'Notebook KMS key', controls: ['sagemaker_notebook_encrypted_with_cmk'] },
      { concept: 'Notebook root access disabled', controls: ['sagemaker_notebook_root_access_disabled'] },
      { concept: 'Notebook in a VPC subnet', controls: ['sagemaker_notebook_in_vpc_subnet'] },
      { concept: 'Notebook without direct internet access', controls: ['sagemaker_notebook_direct_internet_access_disabled'] },
      { concept: 'No secrets in notebook lifecycle configuration scripts', controls: ['sagemaker_notebook_lifecycle_config_no_secrets'] },
      { concept: 'Model network isolation', controls: ['sagemaker_model_network_isolation_enabled'] },
      { concept: 'Model in VPC subnets', controls: ['sagemaker_model_in_vpc'] },
      { concept: 'Model registry in use (approved packages)', controls: ['sagemaker_model_registry_in_use'] },
      {
        concept: 'Model monitor schedules exist',
        controls: ['sagemaker_endpoint_data_quality_monitored', 'sagemaker_endpoint_model_quality_monitored'],
      },
      { concept: 'Clarify processing jobs exist', controls: ['sagemaker_model_bias_evaluated'] },
      {
        concept: 'Training job inter-container traffic encryption',
        controls: ['sagemaker_training_job_inter_container_encryption_enabled'],
      },
      { concept: 'Training job network isolation', controls: ['sagemaker_training_job_network_isolation_enabled'] },
      {
        concept: 'Training job volume and output KMS',
        controls: ['sagemaker_training_job_volume_encrypted_with_cmk', 'sagemaker_training_job_output_encrypted_with_cmk'],
      },
      { concept: 'Training job in a VPC', controls: ['sagemaker_training_job_in_vpc'] },
      { concept: 'Endpoint configuration KMS key', controls: ['sagemaker_endpoint_config_encrypted_with_cmk'] },
      {
        concept: 'Endpoint production variants with at least 2 instances',
        controls: ['sagemaker_endpoint_config_variants_multiple_instances'],
      },
      { concept: 'Domain SSO authentication mode', controls: ['sagemaker_domain_sso_auth'] },
    ],
  },
  {
    title: 'AWS AI/ML security assessment sample: SageMaker (core)',
    source: 'aws-samples/sample-aiml-security-assessment',
    rows: [
      {
        concept: 'Internet access (notebooks, domains)',
        controls: ['sagemaker_notebook_direct_internet_access_disabled', 'sagemaker_domain_vpc_only'],
      },
      {
        concept: 'IAM permissions: overly permissive',
        controls: ['iam_policy_no_full_ai_service_access', 'iam_ai_full_access_policy_unattached'],
      },
      { concept: 'IAM permissions: stale', controls: ['iam_sagemaker_access_not_stale'] },
      { concept: 'IAM permissions: Identity Center', controls: ['sagemaker_domain_sso_auth'] },
      {
        concept: 'Data protection at rest',
        controls: [
          'sagemaker_notebook_encrypted_with_cmk',
          'sagemaker_domain_encrypted_with_cmk',
          'sagemaker_endpoint_config_encrypted_with_cmk',
          'sagemaker_training_job_volume_encrypted_with_cmk',
          'sagemaker_processing_job_volume_encrypted_with_cmk',
        ],
      },
      {
        concept: 'Data protection in transit',
        controls: [
          'sagemaker_training_job_inter_container_encryption_enabled',
          'sagemaker_processing_job_inter_container_encryption_enabled',
        ],
      },
      { concept: 'GuardDuty runtime detection', controls: ['guardduty_runtime_monitoring_enabled'] },
      {
        concept: 'MLOps: pipelines and experiments',
        gap: notAFailure('Whether a team uses SageMaker Pipelines or Experiments is a way of working, not a misconfiguration.'),
      },
      { concept: 'Model registry', controls: ['sagemaker_model_registry_in_use'] },
      { concept: 'Clarify', controls: ['sagemaker_model_bias_evaluated'] },
      { concept: 'Model Monitor', controls: ['sagemaker_endpoint_data_quality_monitored', 'sagemaker_endpoint_model_quality_monitored'] },
      { concept: 'Notebook root access', controls: ['sagemaker_notebook_root_access_disabled'] },
      { concept: 'Notebook in a VPC', controls: ['sagemaker_notebook_in_vpc_subnet'] },
      { concept: 'Model network isolation', controls: ['sagemaker_model_network_isolation_enabled'] },
      { concept: 'Endpoint instance count', controls: ['sagemaker_endpoint_config_variants_multiple_instances'] },
      {
        concept: 'Monitoring network isolation',
        controls: [
          'sagemaker_data_quality_job_definition_network_isolation_enabled',
          'sagemaker_model_quality_job_definition_network_isolation_enabled',
          'sagemaker_model_bias_job_definition_network_isolation_enabled',
          'sagemaker_model_explainability_job_definition_network_isolation_enabled',
        ],
      },
      { concept: 'Model container repository', controls: ['sagemaker_model_image_from_account_ecr'] },
      {
        concept: 'Feature store encryption',
        controls: ['sagemaker_feature_group_offline_store_encrypted_with_cmk', 'sagemaker_feature_group_online_store_encrypted_with_cmk'],
      },
      { concept: 'Data quality job encryption', controls: ['sagemaker_data_quality_job_definition_inter_container_encryption_enabled'] },
      {
        concept: 'Processing job encryption',
        controls: ['sagemaker_processing_job_volume_encrypted_with_cmk', 'sagemaker_processing_job_output_encrypted_with_cmk'],
      },
      {
        concept: 'Transform, hyperparameter tuning and compilation job encryption',
        controls: [
          'sagemaker_transform_job_volume_encrypted_with_cmk',
          'sagemaker_transform_job_output_encrypted_with_cmk',
          'sagemaker_tuning_job_volume_encrypted_with_cmk',
          'sagemaker_tuning_job_output_encrypted_with_cmk',
          'sagemaker_compilation_job_output_encrypted_with_cmk',
        ],
      },
      {
        concept: 'AutoML network isolation',
        controls: ['sagemaker_automl_job_in_vpc', 'sagemaker_automl_job_inter_container_encryption_enabled'],
        gap: {
          kind: 'not-a-security-failure',
          note: 'AutoML jobs have no network isolation setting (DescribeAutoMLJobV2 shows none); their VPC and inter-container encryption are judged.',
        },
      },
      {
        concept: 'Model approval workflow',
        controls: [
          'sagemaker_model_package_not_auto_approved',
          'sagemaker_model_package_approver_not_author',
          'sagemaker_model_package_approval_documented',
        ],
      },
      {
        concept: 'Drift detection',
        controls: ['sagemaker_endpoint_data_quality_monitored', 'sagemaker_endpoint_model_quality_monitored'],
        gap: { kind: 'duplicate', note: 'of Model Monitor.' },
      },
      {
        concept: 'A/B and shadow deployment',
        gap: notAFailure('A release strategy; not using one is not a security failure.'),
      },
      { concept: 'ML lineage tracking', gap: { kind: 'duplicate', note: 'of the AWS sample row Lineage tracking (an attestation).' } },
    ],
  },
  {
    title: 'AWS AI/ML security assessment sample: Bedrock (core)',
    source: 'aws-samples/sample-aiml-security-assessment',
    rows: [
      { concept: 'IAM least privilege', controls: ['iam_policy_no_full_ai_service_access', 'iam_ai_full_access_policy_unattached'] },
      {
        concept: 'VPC endpoints',
        controls: [
          'bedrock_vpc_endpoint_available',
          'bedrock_runtime_vpc_endpoint_available',
          'bedrock_agent_vpc_endpoint_available',
          'bedrock_agent_runtime_vpc_endpoint_available',
        ],
      },
      { concept: 'Marketplace subscription access', controls: ['iam_policy_marketplace_subscription_scoped'] },
      {
        concept: 'Invocation logging',
        controls: [
          'bedrock_model_invocation_logging_enabled',
          'bedrock_model_invocation_logging_captures_text',
          'bedrock_model_invocation_logging_has_destination',
        ],
      },
      {
        concept: 'Guardrail configuration',
        controls: [
          'bedrock_guardrail_configured_in_region',
          'bedrock_guardrail_harmful_content_filters_enabled',
          'bedrock_guardrail_denied_topics_configured',
        ],
      },
      { concept: 'CloudTrail logging', controls: ['cloudtrail_multi_region_trail_logging', 'cloudtrail_bedrock_data_events_captured'] },
      {
        concept: 'Prompt management',
        controls: ['bedrock_prompt_encrypted_with_cmk'],
        gap: notAFailure('Using Prompt Management is a design choice; managed prompts are judged for encryption.'),
      },
      { concept: 'Agent IAM', controls: ['bedrock_agent_role_least_privilege', 'bedrock_agent_role_not_shared'] },
      {
        concept: 'Knowledge base encryption',
        controls: ['bedrock_knowledge_base_data_source_encrypted_with_cmk', 'bedrock_knowledge_base_vector_store_encrypted_with_cmk'],
      },
      { concept: 'Guardrail enforcement through IAM', controls: ['iam_policy_model_invocation_requires_guardrail'] },
      { concept: 'Custom model encryption (CMK)', controls: ['bedrock_custom_model_encrypted_with_cmk'] },
      {
        concept: 'Invocation log encryption',
        controls: ['bedrock_invocation_log_bucket_encrypted_with_cmk', 'bedrock_invocation_log_group_encrypted_with_cmk'],
      },
      { concept: 'Flows guardrails', controls: ['bedrock_flow_model_nodes_have_guardrail'] },
      { concept: 'Stale Bedrock access', controls: ['iam_bedrock_access_not_stale'] },
      {
        concept: 'Cross-account guardrail enforcement',
        controls: ['organizations_bedrock_guardrail_policy_enforced', 'bedrock_account_enforced_guardrail_configured'],
      },
      { concept: 'Guardrail tier', controls: ['bedrock_guardrail_standard_tier'] },
      { concept: 'Model evaluation jobs', controls: ['bedrock_evaluation_job_completed_recently'] },
      { concept: 'Prompt flow validation', controls: ['bedrock_flow_definition_valid'] },
      {
        concept: 'Agent action group IAM least privilege',
        gap: notYet(
          'Needs each agent’s action groups (ListAgentActionGroups, GetAgentActionGroup), the role of each Lambda function they call (lambda:GetFunctionConfiguration) and that role’s policies: not built yet.',
        ),
      },
      {
        concept: 'Invocation throttling limits (service quotas)',
        controls: ['bedrock_invocation_alarm_configured'],
        gap: notAFailure(
          'Service Quotas only let an account raise the ceilings AWS sets; no quota can be lowered to throttle callers, so a quota value shows no misconfiguration. What guards against abuse is noticing a surge, which bedrock_invocation_alarm_configured judges (alarms on invocations, tokens and throttles).',
        ),
      },
      { concept: 'Guardrail content filter coverage', controls: ['bedrock_guardrail_harmful_content_filters_enabled'] },
      { concept: 'Automated reasoning policy', controls: ['bedrock_guardrail_automated_reasoning_enabled'] },
      { concept: 'RAG evaluation jobs', controls: ['bedrock_knowledge_base_evaluated_recently'] },
      { concept: 'Sensitive information filter', controls: ['bedrock_guardrail_sensitive_information_filter_effective'] },
      { concept: 'Contextual grounding', controls: ['bedrock_guardrail_contextual_grounding_enabled'] },
      { concept: 'Agent guardrail association', controls: ['bedrock_agent_guardrail_attached'] },
      { concept: 'Agent idle session TTL', controls: ['bedrock_agent_idle_session_ttl_limited'] },
      { concept: 'Imported model CMK', controls: ['bedrock_imported_model_encrypted_with_cmk'] },
      { concept: 'Batch inference output encryption', controls: ['bedrock_batch_inference_output_encrypted_with_cmk'] },
      {
        concept: 'CloudWatch alarms on Bedrock metrics',
        controls: ['bedrock_invocation_alarm_configured', 'bedrock_guardrail_intervention_alarm_configured'],
      },
      {
        concept: 'Inspector Lambda code scanning',
        controls: ['inspector_lambda_code_scanning_enabled', 'inspector_lambda_scanning_enabled'],
      },
    ],
  },
  {
    title: 'AWS AI/ML security assessment sample: AgentCore (core)',
    source: 'aws-samples/sample-aiml-security-assessment',
    rows: [
      { concept: 'Runtime in a VPC', controls: ['agentcore_runtime_in_vpc'] },
      { concept: 'IAM full access', controls: ['iam_policy_no_full_ai_service_access', 'iam_ai_full_access_policy_unattached'] },
      { concept: 'Stale access', controls: ['iam_agentcore_access_not_stale'] },
      { concept: 'Observability (logs, X-Ray)', controls: ['agentcore_runtime_log_delivery_enabled', 'agentcore_runtime_tracing_enabled'] },
      {
        concept: 'ECR repository encryption',
        controls: [
          'ecr_runtime_image_repository_encrypted_with_cmk',
          'ecr_runtime_image_scanned_on_push',
          'ecr_runtime_image_continuous_scanning_enabled',
          'ecr_runtime_image_tag_immutable',
          'ecr_runtime_image_repository_policy_not_public',
        ],
      },
      { concept: 'Browser recording', controls: ['agentcore_browser_recording_enabled'] },
      { concept: 'Memory encryption', controls: ['agentcore_memory_encrypted_with_cmk'] },
      { concept: 'VPC endpoints', controls: ['agentcore_vpc_endpoint_available'] },
      {
        concept: 'Service-linked role',
        gap: notAFailure('The service-linked role is created by AWS when needed; its presence says nothing about security.'),
      },
      {
        concept: 'Resource-based policies',
        controls: ['agentcore_runtime_resource_policy_not_public', 'agentcore_gateway_resource_policy_not_public'],
      },
      { concept: 'Policy engine encryption', controls: ['agentcore_policy_engine_encrypted_with_cmk'] },
      { concept: 'Gateway encryption', controls: ['agentcore_gateway_encrypted_with_cmk'] },
      {
        concept: 'Gateway configuration',
        controls: ['agentcore_gateway_inbound_authorization_enabled', 'agentcore_gateway_debug_errors_disabled'],
      },
    ],
  },
  {
    title: 'AWS AI/ML security assessment sample: agentic lens',
    source: 'aws-samples/sample-aiml-security-assessment',
    rows: [
      {
        concept: 'Guardrail association and coverage',
        controls: ['bedrock_agent_guardrail_attached', 'bedrock_flow_model_nodes_have_guardrail'],
      },
      { concept: 'Sensitive information', controls: ['bedrock_guardrail_sensitive_information_filter_effective'] },
      {
        concept: 'Automated reasoning',
        controls: ['bedrock_guardrail_automated_reasoning_enabled'],
      },
      { concept: 'Grounding', controls: ['bedrock_guardrail_contextual_grounding_enabled'] },
      {
        concept: 'Tool least privilege',
        controls: ['bedrock_agent_role_least_privilege'],
        gap: notYet('The Lambda roles of action groups are not judged yet.'),
      },
      {
        concept: 'Invocation logging',
        controls: ['bedrock_model_invocation_logging_enabled', 'bedrock_model_invocation_logging_captures_text'],
      },
      { concept: 'Audit trail', controls: ['cloudtrail_multi_region_trail_logging', 'cloudtrail_bedrock_data_events_captured'] },
      { concept: 'Guardrail enforcement boundary', controls: ['iam_policy_model_invocation_requires_guardrail'] },
      {
        concept: 'Adversarial evaluation',
        gap: {
          kind: 'attestation',
          note: 'Red-teaming is a process no AWS API records: attest it (NIST AI RMF MEASURE 2.7, OWASP LLM01:2025).',
        },
      },
      {
        concept: 'Prompt flow validation',
        controls: ['bedrock_flow_definition_valid'],
      },
      {
        concept: 'Invocation abuse controls',
        controls: ['guardduty_ai_protection_enabled', 'cloudtrail_bedrock_model_access_by_allowed_principals'],
      },
      { concept: 'Session boundary', controls: ['bedrock_agent_idle_session_ttl_limited'] },
      { concept: 'Abuse alarms', controls: ['bedrock_invocation_alarm_configured', 'bedrock_guardrail_intervention_alarm_configured'] },
      {
        concept: 'Runtime network boundary',
        controls: ['agentcore_runtime_in_vpc', 'agentcore_code_interpreter_in_vpc', 'agentcore_browser_not_public'],
      },
      {
        concept: 'AgentCore least privilege and stale access',
        controls: ['iam_policy_no_full_ai_service_access', 'iam_agentcore_access_not_stale'],
      },
      { concept: 'Observability', controls: ['agentcore_runtime_log_delivery_enabled', 'agentcore_runtime_tracing_enabled'] },
      { concept: 'Memory protection', controls: ['agentcore_memory_encrypted_with_cmk'] },
      {
        concept: 'Private connectivity',
        controls: [
          'bedrock_runtime_vpc_endpoint_available',
          'bedrock_agent_runtime_vpc_endpoint_available',
          'agentcore_vpc_endpoint_available',
        ],
      },
      {
        concept: 'Resource policy boundary',
        controls: ['agentcore_runtime_resource_policy_not_public', 'agentcore_gateway_resource_policy_not_public'],
      },
      { concept: 'Gateway data protection', controls: ['agentcore_gateway_encrypted_with_cmk'] },
      {
        concept: 'Inbound authorization',
        controls: ['agentcore_gateway_inbound_authorization_enabled', 'agentcore_runtime_inbound_identity_restricted'],
      },
      { concept: 'Tool policy enforcement', controls: ['agentcore_gateway_policy_engine_enforced'] },
      { concept: 'Error detail exposure', controls: ['agentcore_gateway_debug_errors_disabled'] },
      { concept: 'WAF protection', controls: ['agentcore_gateway_waf_protected'] },
    ],
  },
  {
    title: 'Added 2026-12: concepts of the newest peer versions',
    source: 'peer-checks.md, section "Added 2026-12" (Prowler 5.39, the AWS sample\'s newest README, Security Hub AI standard)',
    rows: [
      {
        concept: 'AgentCore runtime observability (CloudWatch Logs delivery, X-Ray tracing)',
        controls: ['agentcore_runtime_log_delivery_enabled', 'agentcore_runtime_tracing_enabled'],
      },
      {
        concept: 'AgentCore interface VPC endpoints in used VPCs',
        controls: ['agentcore_vpc_endpoint_available'],
        gap: {
          kind: 'attestation',
          note: 'Judged per region where AgentCore runtimes or gateways exist: which VPCs call AgentCore no API shows, so that every such VPC uses the endpoint is attested.',
        },
      },
      {
        concept: 'AgentCore runtime inbound JWT / identity propagation',
        controls: ['agentcore_runtime_inbound_identity_restricted'],
        gap: {
          kind: 'attestation',
          note: 'The inbound authorizer is judged; whether the agent code passes the caller identity on to its tools (AgentCore Identity token exchange) is application behaviour no control-plane API shows.',
        },
      },
      {
        concept: 'AgentCore gateway Policy engine (Cedar) attached in ENFORCE mode',
        controls: ['agentcore_gateway_policy_engine_enforced'],
      },
      { concept: 'AgentCore gateway protected by AWS WAF', controls: ['agentcore_gateway_waf_protected'] },
      { concept: 'AgentCore policy engine encrypted with a CMK', controls: ['agentcore_policy_engine_encrypted_with_cmk'] },
      { concept: 'AgentCore Identity token vault encrypted with a CMK', controls: ['agentcore_token_vault_encrypted_with_cmk'] },
      {
        concept: 'AgentCore resource-based policies not open to any principal',
        controls: ['agentcore_runtime_resource_policy_not_public', 'agentcore_gateway_resource_policy_not_public'],
      },
      {
        concept: 'ECR repositories of runtime images encrypted',
        controls: [
          'ecr_runtime_image_repository_encrypted_with_cmk',
          'ecr_runtime_image_scanned_on_push',
          'ecr_runtime_image_continuous_scanning_enabled',
          'ecr_runtime_image_tag_immutable',
          'ecr_runtime_image_repository_policy_not_public',
          'agentcore_runtime_image_from_account_ecr',
          'inspector_runtime_image_no_critical_findings',
        ],
      },
      { concept: 'Stale IAM access to AgentCore', controls: ['iam_agentcore_access_not_stale'] },
      { concept: 'Online evaluation configured for AgentCore runtimes', controls: ['agentcore_runtime_online_evaluation_enabled'] },
      {
        concept: 'Agent Registry entries need manual approval and a CMK',
        controls: ['agentcore_registry_records_require_approval'],
        gap: {
          kind: 'attestation',
          note: 'Manual approval is judged (GetRegistry approvalConfiguration); the Agent Registry API shows no encryption key of a registry or its records (GetRegistry and GetRegistryRecord have no KMS field), so a customer managed key is attested.',
        },
      },
      {
        concept: 'Marketplace model subscription actions not granted with wildcards',
        controls: ['iam_policy_marketplace_subscription_scoped'],
      },
      {
        concept: 'Guardrail tier STANDARD and image content filtering',
        controls: ['bedrock_guardrail_standard_tier', 'bedrock_guardrail_image_content_filtered'],
      },
      { concept: 'Automated Reasoning checks in guardrails', controls: ['bedrock_guardrail_automated_reasoning_enabled'] },
      {
        concept: 'Guardrails enforced across accounts with the Organizations Bedrock policy',
        controls: ['organizations_bedrock_guardrail_policy_enforced', 'bedrock_account_enforced_guardrail_configured'],
      },
      {
        concept: 'Invocation quotas / throttling configured',
        controls: ['bedrock_invocation_alarm_configured'],
        gap: notAFailure(
          'Service Quotas only let an account raise the ceilings AWS sets; no quota can be lowered to throttle callers, so a quota value shows no misconfiguration. What guards against abuse is noticing a surge, which bedrock_invocation_alarm_configured judges (alarms on invocations, tokens and throttles).',
        ),
      },
      {
        concept: 'CloudWatch alarms on invocation metrics',
        controls: ['bedrock_invocation_alarm_configured', 'bedrock_guardrail_intervention_alarm_configured'],
      },
      {
        concept: 'Inference profiles',
        gap: notAFailure(
          'An application inference profile tags model use for cost and ownership; a system cross-Region profile routes requests to other Regions of its geography, a data-residency choice the owner attests (which Regions may process the data) rather than a setting a control can call wrong.',
        ),
      },
      {
        concept: 'Model evaluation and RAG evaluation jobs',
        controls: ['bedrock_evaluation_job_completed_recently', 'bedrock_knowledge_base_evaluated_recently'],
      },
      { concept: 'Zero data retention settings', controls: ['bedrock_account_data_retention_restricted'] },
      {
        concept: 'Prompt management in use (prompts stored as managed prompts)',
        gap: { kind: 'duplicate', note: 'of the Prowler row of the same name: not a security failure.' },
      },
      {
        concept: "Action groups' Lambda roles least privilege",
        gap: notYet(
          'Needs each agent’s action groups (ListAgentActionGroups, GetAgentActionGroup), the role of each Lambda function they call (lambda:GetFunctionConfiguration) and that role’s policies: not built yet.',
        ),
      },
      { concept: 'Knowledge base vector store encryption', controls: ['bedrock_knowledge_base_vector_store_encrypted_with_cmk'] },
      {
        concept: 'SageMaker domain and training-job volume CMK',
        controls: ['sagemaker_domain_encrypted_with_cmk', 'sagemaker_training_job_volume_encrypted_with_cmk'],
      },
      {
        concept: 'Transform, hyperparameter tuning, compilation and AutoML jobs encrypted / network-isolated',
        controls: [
          'sagemaker_transform_job_volume_encrypted_with_cmk',
          'sagemaker_transform_job_output_encrypted_with_cmk',
          'sagemaker_transform_job_data_capture_encrypted_with_cmk',
          'sagemaker_tuning_job_volume_encrypted_with_cmk',
          'sagemaker_tuning_job_output_encrypted_with_cmk',
          'sagemaker_tuning_job_network_isolation_enabled',
          'sagemaker_tuning_job_inter_container_encryption_enabled',
          'sagemaker_tuning_job_in_vpc',
          'sagemaker_compilation_job_output_encrypted_with_cmk',
          'sagemaker_compilation_job_in_vpc',
          'sagemaker_automl_job_volume_encrypted_with_cmk',
          'sagemaker_automl_job_output_encrypted_with_cmk',
          'sagemaker_automl_job_in_vpc',
          'sagemaker_automl_job_inter_container_encryption_enabled',
        ],
        gap: {
          kind: 'duplicate',
          note: 'a transform job has no network settings of its own: it runs with its model’s, judged by sagemaker_model_network_isolation_enabled and sagemaker_model_in_vpc; compilation and AutoML jobs have no network isolation setting to judge.',
        },
      },
      {
        concept: 'Monitoring network isolation and inter-container encryption (SageMaker.13, .14)',
        controls: [
          'sagemaker_model_quality_job_definition_inter_container_encryption_enabled',
          'sagemaker_model_quality_job_definition_network_isolation_enabled',
          'sagemaker_monitoring_schedule_network_isolation_enabled',
          'sagemaker_monitoring_schedule_inter_container_encryption_enabled',
          'sagemaker_monitoring_schedule_in_vpc',
          'sagemaker_monitoring_schedule_volume_encrypted_with_cmk',
          'sagemaker_monitoring_schedule_output_encrypted_with_cmk',
        ],
      },
      {
        concept: 'Container images from a private registry (RepositoryAccessMode Vpc, SageMaker.16/.19)',
        controls: ['sagemaker_model_container_private_registry'],
      },
      {
        concept: "Inference experiments' instance and data storage CMK (SageMaker.23/.24)",
        controls: ['sagemaker_inference_experiment_encrypted_with_cmk', 'sagemaker_inference_experiment_data_storage_encrypted_with_cmk'],
      },
      {
        concept: 'Model registry resource policy limited to approved accounts',
        controls: ['sagemaker_model_package_group_policy_restricted'],
      },
      {
        concept: 'Clarify bias and explainability in use',
        controls: [
          'sagemaker_model_bias_evaluated',
          'sagemaker_endpoint_model_bias_monitored',
          'sagemaker_endpoint_model_explainability_monitored',
        ],
      },
      {
        concept: 'Lineage tracking',
        gap: {
          kind: 'attestation',
          note: 'SageMaker records lineage entities (ListContexts, ListActions, ListArtifacts, ListAssociations) for its own jobs, endpoints and model packages by itself, with no setting that turns it off, so their presence shows nothing about a team; whether the lineage is complete (data sets registered as artifacts, external training recorded, used in reviews) no API can show.',
        },
      },
      { concept: 'Notebook lifecycle scripts without secrets', controls: ['sagemaker_notebook_lifecycle_config_no_secrets'] },
      {
        concept: 'IAM users and roles with stale Bedrock / SageMaker access',
        controls: ['iam_bedrock_access_not_stale', 'iam_sagemaker_access_not_stale'],
      },
      {
        concept: 'Open GuardDuty findings of the AI protection types',
        controls: ['guardduty_no_high_severity_ai_findings', 'guardduty_no_open_ai_protection_findings'],
      },
      {
        concept: "Amazon Inspector scanning the Lambda functions of agents' action groups",
        controls: ['inspector_lambda_scanning_enabled', 'inspector_lambda_code_scanning_enabled'],
        gap: {
          kind: 'attestation',
          note: 'Judged per account and region where Bedrock agents exist (Inspector Lambda standard and code scanning ENABLED); which functions the action groups name, and that Inspector covers each of them, is not read.',
        },
      },
    ],
  },
];
