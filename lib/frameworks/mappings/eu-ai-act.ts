import type { MappingTable } from './types.js';

/**
 * EU AI Act: which controls support each article, and how. Only technical safeguards are read, so
 * an article is automated only where it asks for exactly what the controls read (record-keeping,
 * Art. 12); the others that controls support are partly automated, and the articles about
 * organisation, documentation and people (AI literacy, quality management, impact assessment,
 * transparency, general-purpose model duties) rest on attestations alone. Controls added to the
 * catalog later are added here by hand; a test checks every id exists.
 */
export const euAiActMapping: MappingTable = {
  'Art. 9': [
    {
      control: 'securityhub_ai_security_standard_enabled',
      rationale:
        'Risk management: the AI Security Best Practices standard identifies security risks of the AI resources continuously, an input to the risk management system.',
    },
    {
      control: 'config_ai_managed_rules_deployed',
      rationale: 'Risk management: managed Config rules evaluate the AI resources on every change, so new risks are found as they appear.',
    },
  ],
  'Art. 10': [
    {
      control: 'macie_training_data_bucket_in_classification_job',
      rationale: 'Data governance: training data is examined for personal and sensitive data on a schedule.',
    },
    {
      control: 'config_training_data_buckets_recorded',
      rationale: 'Data governance: the configuration history of the training data buckets is recorded.',
    },
    {
      control: 'sagemaker_model_bias_evaluated',
      rationale: 'Data governance: models are examined for bias, as Art. 10(2)(f) asks of the data sets they learn from.',
    },
  ],
  'Art. 11': [
    {
      control: 'sagemaker_model_registry_in_use',
      rationale: 'Technical documentation: the model registry records each model version, its artefacts and its approval.',
    },
    {
      control: 'sagemaker_model_package_approval_documented',
      rationale: 'Technical documentation: each approved model version records why it was approved.',
    },
  ],
  'Art. 12': [
    {
      control: 'agentcore_runtime_log_delivery_enabled',
      rationale:
        'Record-keeping: agent runtimes deliver their application logs to a log destination that exists, so the events of each use are recorded.',
    },
    {
      control: 'agentcore_runtime_tracing_enabled',
      rationale:
        'Record-keeping: agent invocations are traced step by step (model calls, tool calls), which lets a situation that led to a risk be reconstructed.',
    },
    {
      control: 'bedrock_model_invocation_logging_enabled',
      rationale: 'Record-keeping: every model invocation in the region is logged automatically.',
    },
    {
      control: 'bedrock_model_invocation_logging_captures_text',
      rationale: 'Record-keeping: the logs hold the prompts and responses, the events an investigation needs.',
    },
    {
      control: 'bedrock_model_invocation_logging_has_destination',
      rationale: 'Record-keeping: the logs are delivered somewhere they are kept.',
    },
    {
      control: 'cloudtrail_multi_region_trail_logging',
      rationale: 'Record-keeping: management events of the AI services are recorded in every region.',
    },
    {
      control: 'cloudtrail_bedrock_data_events_captured',
      rationale: 'Record-keeping: agent, knowledge base and guardrail invocations are recorded.',
    },
    {
      control: 'cloudtrail_sagemaker_data_events_captured',
      rationale: 'Record-keeping: SageMaker endpoint invocations are recorded.',
    },
    {
      control: 'sagemaker_endpoint_data_capture_enabled',
      rationale: 'Record-keeping: SageMaker endpoints capture their inputs and outputs.',
    },
  ],
  'Art. 14': [
    {
      control: 'agentcore_gateway_policy_engine_enforced',
      rationale:
        'Human oversight: the limits people set on what agents may do with their tools (Cedar policies) are enforced, not only logged.',
    },
    {
      control: 'sagemaker_model_package_not_auto_approved',
      rationale: 'Human oversight: a person approves a model version in a step of its own before it is deployed.',
    },
    {
      control: 'sagemaker_model_package_approver_not_author',
      rationale: 'Human oversight: the person who approves a model version is not its author.',
    },
  ],
  'Art. 15': [
    {
      control: 'agentcore_gateway_waf_protected',
      rationale: 'Cybersecurity: requests to agent gateways are inspected and exploit payloads, bots and floods are stopped (Art. 15(5)).',
    },
    {
      control: 'agentcore_runtime_inbound_identity_restricted',
      rationale: 'Cybersecurity: unauthorised third parties cannot invoke an agent with tokens minted for other applications (Art. 15(5)).',
    },
    {
      control: 'agentcore_vpc_endpoint_available',
      rationale: 'Cybersecurity: agent traffic from a VPC stays on the AWS network instead of crossing the internet.',
    },
    {
      control: 'sagemaker_notebook_lifecycle_config_no_secrets',
      rationale: 'Cybersecurity: no standing credential sits in the notebook setup scripts, readable by anyone who can describe them.',
    },
    {
      control: 'bedrock_guardrail_prompt_attack_filter_high',
      rationale: 'Cybersecurity: inputs crafted to manipulate the model (Art. 15(5)) are filtered at HIGH strength.',
    },
    {
      control: 'bedrock_guardrail_contextual_grounding_enabled',
      rationale: 'Accuracy: ungrounded and irrelevant responses are blocked.',
    },
    {
      control: 'bedrock_evaluation_job_completed_recently',
      rationale: 'Accuracy and robustness: models are evaluated within the last 180 days.',
    },
    {
      control: 'sagemaker_endpoint_config_variants_multiple_instances',
      rationale: 'Robustness: each production variant runs on more than one instance, the technical redundancy Art. 15(4) names.',
    },
    {
      control: 'sagemaker_model_network_isolation_enabled',
      rationale: 'Cybersecurity: model containers make no outbound network calls.',
    },
    {
      control: 'sagemaker_training_job_network_isolation_enabled',
      rationale: 'Cybersecurity: training containers cannot reach the internet, which guards against data poisoning (Art. 15(5)).',
    },
    {
      control: 'bedrock_custom_model_encrypted_with_cmk',
      rationale: 'Cybersecurity: custom model weights are encrypted with a key the account controls.',
    },
    {
      control: 'guardduty_ai_protection_enabled',
      rationale: 'Cybersecurity: attacks on the models, such as prompt injection and anomalous invocation, are detected.',
    },
    {
      control: 'iam_policy_no_full_ai_service_access',
      rationale: 'Cybersecurity: no policy grants every AI service action on every resource.',
    },
    {
      control: 'agentcore_runtime_resource_policy_not_public',
      rationale: 'Cybersecurity: unauthorised third parties cannot invoke an agent runtime through an open resource policy (Art. 15(5)).',
    },
    {
      control: 'agentcore_gateway_resource_policy_not_public',
      rationale: 'Cybersecurity: unauthorised third parties cannot reach agent tools through an open gateway policy (Art. 15(5)).',
    },
    {
      control: 'ecr_runtime_image_tag_immutable',
      rationale: "Cybersecurity: the code of an agent cannot be swapped by a push to its image's tag (Art. 15(5)).",
    },
    {
      control: 'inspector_runtime_image_no_critical_findings',
      rationale: 'Cybersecurity: known vulnerabilities of the images agents run are not left open (Art. 15(5)).',
    },
  ],
  'Art. 19': [
    {
      control: 'bedrock_model_invocation_logging_has_destination',
      rationale:
        'Automatically generated logs: invocation logs are delivered to a store the provider controls; how long they are kept (at least six months) is attested.',
    },
    {
      control: 'bedrock_invocation_log_bucket_encrypted_with_cmk',
      rationale: 'Automatically generated logs: the logs kept in S3 are encrypted with a key the provider controls.',
    },
    {
      control: 'cloudtrail_trail_log_file_validation_enabled',
      rationale: 'Automatically generated logs: log file validation shows the kept logs were not altered.',
    },
  ],
  'Art. 26': [
    {
      control: 'bedrock_model_invocation_logging_enabled',
      rationale: "Deployer obligations: the logs the system generates are kept under the deployer's control (Art. 26(6)).",
    },
    {
      control: 'sagemaker_endpoint_model_quality_monitored',
      rationale: 'Deployer obligations: the deployer monitors the operation of the system (Art. 26(5)).',
    },
    {
      control: 'agentcore_runtime_online_evaluation_enabled',
      rationale: "Deployer obligations: the deployer monitors the quality of the agent's live answers (Art. 26(5)).",
    },
  ],
  'Art. 55': [
    {
      control: 'bedrock_evaluation_job_completed_recently',
      rationale: 'General-purpose models with systemic risk: models are evaluated, part of the evaluation Art. 55(1)(a) asks for.',
    },
    {
      control: 'guardduty_ai_protection_enabled',
      rationale: 'General-purpose models with systemic risk: threats to the model and its infrastructure are detected (Art. 55(1)(d)).',
    },
  ],
  'Art. 72': [
    {
      control: 'sagemaker_endpoint_data_quality_monitored',
      rationale: 'Post-market monitoring: the data the system serves is monitored for drift from its baseline.',
    },
    {
      control: 'sagemaker_endpoint_model_quality_monitored',
      rationale: "Post-market monitoring: the quality of the system's predictions is monitored in production.",
    },
    {
      control: 'sagemaker_endpoint_data_capture_enabled',
      rationale: 'Post-market monitoring: inputs and outputs are captured for analysis.',
    },
    {
      control: 'bedrock_model_invocation_logging_captures_text',
      rationale: 'Post-market monitoring: prompts and responses are logged for analysis.',
    },
  ],
  'Art. 73': [
    {
      control: 'guardduty_detector_enabled',
      rationale: 'Serious incidents: security incidents are detected, the first step to reporting them.',
    },
    {
      control: 'guardduty_no_high_severity_ai_findings',
      rationale: 'Serious incidents: no high-severity finding on the AI workloads is left unanswered.',
    },
  ],
};
