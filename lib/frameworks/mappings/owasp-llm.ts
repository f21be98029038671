import type { MappingTable } from './types.js';

/**
 * OWASP Top 10 for LLM Applications 2025: which controls reduce each risk, and how. A control is
 * listed where the safeguard it reads lowers the risk's likelihood or limits its impact; no control
 * shows a risk is gone, so every mapped risk is partly automated (lib/frameworks/automation.ts) and
 * needs an attestation for the rest (design review, testing, the application's own code).
 * Controls added to the catalog later are added here by hand; a test checks every id exists.
 */
export const owaspLlmMapping: MappingTable = {
  'LLM01:2025': [
    {
      control: 'bedrock_guardrail_configured_in_region',
      rationale: 'Prompt injection: a guardrail ready in the region is what applications can put between untrusted input and the model.',
    },
    {
      control: 'bedrock_guardrail_prompt_attack_filter_high',
      rationale:
        'Prompt injection: the prompt-attack filter at HIGH input strength blocks jailbreaks and injected instructions before they reach the model.',
    },
    {
      control: 'bedrock_agent_guardrail_attached',
      rationale: 'Prompt injection: an agent with a guardrail filters the prompts (and the tool results fed back) it acts on.',
    },
    {
      control: 'bedrock_flow_model_nodes_have_guardrail',
      rationale: 'Prompt injection: every model call of a flow is filtered, so an instruction injected at one node is checked at the next.',
    },
    {
      control: 'iam_policy_model_invocation_requires_guardrail',
      rationale: 'Prompt injection: callers cannot skip the guardrail by invoking the model directly, because IAM requires one.',
    },
    {
      control: 'guardduty_ai_protection_enabled',
      rationale: 'Prompt injection: GuardDuty AI Protection reports direct prompt-injection attempts, so they are seen and answered.',
    },
    {
      control: 'guardduty_no_open_ai_protection_findings',
      rationale: 'Prompt injection: prompts a guardrail stopped as direct injection are reported by GuardDuty and none is left unexamined.',
    },
  ],
  'LLM02:2025': [
    {
      control: 'sagemaker_notebook_lifecycle_config_no_secrets',
      rationale:
        'Sensitive information disclosure: no access key, token or password is readable from the scripts that set up the notebooks where models and data are worked on.',
    },
    {
      control: 'agentcore_vpc_endpoint_available',
      rationale: 'Sensitive information disclosure: prompts, tool results and memory sent to agents from a VPC stay on the AWS network.',
    },
    {
      control: 'bedrock_guardrail_sensitive_information_filter_effective',
      rationale:
        'Sensitive information disclosure: the sensitive-information filter blocks or masks personal data and secrets in prompts and responses.',
    },
    {
      control: 'macie_training_data_bucket_in_classification_job',
      rationale: 'Sensitive information disclosure: Macie finds sensitive data in training buckets before a model learns and repeats it.',
    },
    {
      control: 'bedrock_invocation_log_bucket_encrypted_with_cmk',
      rationale:
        'Sensitive information disclosure: invocation logs hold prompts and responses; a customer managed key limits who can read them.',
    },
    {
      control: 'bedrock_invocation_log_group_encrypted_with_cmk',
      rationale:
        'Sensitive information disclosure: the log group holds prompts and responses; a customer managed key limits who can read them.',
    },
    {
      control: 'sagemaker_endpoint_config_data_capture_encrypted_with_cmk',
      rationale: 'Sensitive information disclosure: captured requests and responses are encrypted with a key the account controls.',
    },
    {
      control: 'bedrock_knowledge_base_data_source_encrypted_with_cmk',
      rationale:
        'Sensitive information disclosure: the documents a knowledge base retrieves from are encrypted with a key the account controls.',
    },
    {
      control: 'organizations_ai_services_opt_out_enforced',
      rationale: "Sensitive information disclosure: the opt-out policy keeps the account's content out of AWS service improvement.",
    },
    {
      control: 'agentcore_token_vault_encrypted_with_cmk',
      rationale:
        "Sensitive information disclosure: the OAuth tokens and API keys agents act with are decryptable only under the organisation's own key policy.",
    },
  ],
  'LLM03:2025': [
    {
      control: 'sagemaker_model_image_from_account_ecr',
      rationale: "Supply chain: models run container images from the account's own registry, not from a third party's.",
    },
    {
      control: 'sagemaker_model_registry_in_use',
      rationale: 'Supply chain: the model registry records which model versions are approved, so an unvetted model is visible.',
    },
    {
      control: 'sagemaker_model_package_not_auto_approved',
      rationale: 'Supply chain: a model version is approved in a step of its own, not accepted as it is registered.',
    },
    {
      control: 'sagemaker_model_package_approver_not_author',
      rationale: 'Supply chain: a second person approves each model version, so one compromised author cannot ship a model alone.',
    },
    {
      control: 'sagemaker_notebook_platform_supported',
      rationale: 'Supply chain: notebooks on a supported platform still receive the security updates of their components.',
    },
    {
      control: 'ecr_runtime_image_tag_immutable',
      rationale: 'Supply chain: the image an agent runtime names cannot be replaced under it by a push to its tag.',
    },
    {
      control: 'ecr_runtime_image_scanned_on_push',
      rationale: 'Supply chain: every agent image is scanned for known vulnerabilities as it is pushed.',
    },
    {
      control: 'ecr_runtime_image_continuous_scanning_enabled',
      rationale: 'Supply chain: agent images are rescanned when new vulnerabilities in their packages are published.',
    },
    {
      control: 'inspector_runtime_image_no_critical_findings',
      rationale: 'Supply chain: no agent runs an image with an open critical or high vulnerability.',
    },
    {
      control: 'agentcore_runtime_image_from_account_ecr',
      rationale: "Supply chain: agent images come from the account's own registry, not one another account controls.",
    },
    {
      control: 'agentcore_registry_records_require_approval',
      rationale: 'Supply chain: agents, tools and MCP servers are reviewed before other agents can discover and call them.',
    },
    {
      control: 'inspector_lambda_scanning_enabled',
      rationale: "Supply chain: the packages of agents' action-group functions are scanned for known vulnerabilities.",
    },
  ],
  'LLM04:2025': [
    {
      control: 'config_training_data_buckets_recorded',
      rationale:
        "Data and model poisoning: Config records every change to the training data buckets' configuration, so tampering with access is traceable.",
    },
    {
      control: 'guardduty_s3_protection_enabled',
      rationale: 'Data and model poisoning: GuardDuty S3 Protection detects unusual access to the buckets that hold training data.',
    },
    {
      control: 'sagemaker_training_job_network_isolation_enabled',
      rationale: 'Data and model poisoning: an isolated training container cannot fetch data or code from the internet during training.',
    },
    {
      control: 'sagemaker_training_job_in_vpc',
      rationale: "Data and model poisoning: training in a VPC reaches its data over the account's own network paths.",
    },
    {
      control: 'bedrock_customization_job_in_vpc',
      rationale: "Data and model poisoning: fine-tuning in a VPC reads its training data over the account's own network paths.",
    },
    {
      control: 'sagemaker_endpoint_data_quality_monitored',
      rationale: 'Data and model poisoning: data quality monitoring shows when the data a model serves drifts from its baseline.',
    },
  ],
  'LLM05:2025': [
    {
      control: 'bedrock_guardrail_harmful_content_filters_enabled',
      rationale: 'Improper output handling: harmful content is filtered from responses before an application passes them on.',
    },
    {
      control: 'bedrock_guardrail_denied_topics_configured',
      rationale: 'Improper output handling: responses on topics the application must not discuss are blocked.',
    },
    {
      control: 'bedrock_flow_model_nodes_have_guardrail',
      rationale: "Improper output handling: each model node's output is filtered before the next node of the flow uses it.",
    },
    {
      control: 'inspector_lambda_code_scanning_enabled',
      rationale: 'Improper output handling: the code that turns model output into queries and commands is scanned for injection flaws.',
    },
  ],
  'LLM06:2025': [
    {
      control: 'agentcore_gateway_policy_engine_enforced',
      rationale:
        'Excessive agency: an enforcing Cedar Policy engine decides per caller, tool and argument which tool calls an agent may make, so an agent cannot use every tool its gateway exposes.',
    },
    {
      control: 'agentcore_runtime_inbound_identity_restricted',
      rationale: 'Excessive agency: only the intended applications and users can invoke an agent and have it act on their behalf.',
    },
    {
      control: 'agentcore_runtime_log_delivery_enabled',
      rationale:
        'Excessive agency: what an agent did with its tools is logged to a destination that exists, so an unwanted action is seen and traced.',
    },
    {
      control: 'agentcore_runtime_tracing_enabled',
      rationale: 'Excessive agency: each tool call is traced back to the invocation and the prompt that caused it.',
    },
    {
      control: 'bedrock_agent_role_least_privilege',
      rationale: "Excessive agency: an agent's role allows no wildcard actions, so the agent can do only what its tools need.",
    },
    {
      control: 'bedrock_agent_role_not_shared',
      rationale: 'Excessive agency: each agent has its own role, so no agent holds the permissions of another.',
    },
    {
      control: 'iam_policy_no_full_ai_service_access',
      rationale: 'Excessive agency: no policy grants every Bedrock, AgentCore or SageMaker action on every resource.',
    },
    {
      control: 'iam_ai_full_access_policy_unattached',
      rationale: 'Excessive agency: no principal holds an AI service full-access managed policy.',
    },
    {
      control: 'agentcore_gateway_inbound_authorization_enabled',
      rationale: 'Excessive agency: only authorized callers reach the tools a gateway exposes.',
    },
    {
      control: 'agentcore_code_interpreter_in_vpc',
      rationale: 'Excessive agency: code an agent writes runs without open internet access.',
    },
    {
      control: 'agentcore_browser_not_public',
      rationale: "Excessive agency: an agent's browser reaches only the networks the account allows.",
    },
    {
      control: 'agentcore_runtime_in_vpc',
      rationale: 'Excessive agency: an agent runtime reaches only the networks the account allows.',
    },
    {
      control: 'bedrock_agent_idle_session_ttl_limited',
      rationale: 'Excessive agency: idle agent sessions end within 30 minutes, which bounds how long a hijacked session can act.',
    },
    {
      control: 'agentcore_runtime_resource_policy_not_public',
      rationale: 'Excessive agency: no resource policy lets any principal invoke an agent runtime and use its tools.',
    },
    {
      control: 'agentcore_gateway_resource_policy_not_public',
      rationale: 'Excessive agency: no resource policy lets any principal reach the tools behind a gateway.',
    },
  ],
  'LLM07:2025': [
    {
      control: 'agentcore_policy_engine_encrypted_with_cmk',
      rationale:
        'System prompt leakage: the authorization rules of the gateways, which describe what each agent may do, are encrypted with a key the account controls.',
    },
    {
      control: 'bedrock_prompt_encrypted_with_cmk',
      rationale: 'System prompt leakage: managed prompts are encrypted with a customer managed key, whose policy limits who can read them.',
    },
    {
      control: 'agentcore_gateway_debug_errors_disabled',
      rationale: 'System prompt leakage: a gateway returns no debug error details that expose its configuration to callers.',
    },
    {
      control: 'bedrock_guardrail_sensitive_information_filter_effective',
      rationale: 'System prompt leakage: credentials and identifiers a response repeats from its instructions are masked or blocked.',
    },
  ],
  'LLM08:2025': [
    {
      control: 'bedrock_knowledge_base_data_source_encrypted_with_cmk',
      rationale:
        'Vector and embedding weaknesses: the sources embedded into the vector store are encrypted with a key the account controls.',
    },
    {
      control: 'bedrock_knowledge_base_evaluated_recently',
      rationale: 'Vector and embedding weaknesses: a recent RAG evaluation shows whether retrieval returns the right passages.',
    },
    {
      control: 'cloudtrail_bedrock_data_events_captured',
      rationale: 'Vector and embedding weaknesses: knowledge base retrievals are recorded, so who retrieved what can be traced.',
    },
  ],
  'LLM09:2025': [
    {
      control: 'bedrock_guardrail_contextual_grounding_enabled',
      rationale: 'Misinformation: responses not grounded in the sources or not relevant to the question are blocked.',
    },
    {
      control: 'bedrock_evaluation_job_completed_recently',
      rationale: 'Misinformation: a recent model evaluation measures accuracy and robustness before and after changes.',
    },
    {
      control: 'bedrock_knowledge_base_evaluated_recently',
      rationale: 'Misinformation: a recent RAG evaluation measures how faithful answers are to the retrieved sources.',
    },
    {
      control: 'sagemaker_endpoint_model_quality_monitored',
      rationale: "Misinformation: model quality monitoring shows when a model's predictions degrade in production.",
    },
    {
      control: 'agentcore_runtime_online_evaluation_enabled',
      rationale: "Misinformation: a sample of each agent's live answers is scored for correctness and faithfulness as it runs.",
    },
  ],
  'LLM10:2025': [
    {
      control: 'agentcore_gateway_waf_protected',
      rationale:
        'Unbounded consumption: a web ACL with rate-based and managed rules stops floods of requests to the tools a gateway exposes before they run up cost.',
    },
    {
      control: 'guardduty_ai_protection_enabled',
      rationale: 'Unbounded consumption: GuardDuty AI Protection reports anomalous model invocation and cost harvesting.',
    },
    {
      control: 'guardduty_no_high_severity_ai_findings',
      rationale:
        'Unbounded consumption: open high-severity findings on AI workloads, such as stolen credentials invoking models, are answered.',
    },
    {
      control: 'cloudtrail_bedrock_model_access_by_allowed_principals',
      rationale: 'Unbounded consumption: only allow-listed principals enable model access, the first step of LLM-jacking.',
    },
    {
      control: 'iam_bedrock_api_key_not_long_term',
      rationale: 'Unbounded consumption: no long-term Bedrock API key exists that, once leaked, runs up invocations for months.',
    },
    {
      control: 'bedrock_model_invocation_logging_enabled',
      rationale: 'Unbounded consumption: invocation logs show who called which model how often, so abuse is seen.',
    },
    {
      control: 'guardduty_no_open_ai_protection_findings',
      rationale: 'Unbounded consumption: cost harvesting and anomalous model invocation are detected and none is left open.',
    },
  ],
};
