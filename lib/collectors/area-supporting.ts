import { agentCoreBrowsers } from './agentcore-browsers.js';
import { agentCoreCodeInterpreters } from './agentcore-code-interpreters.js';
import { agentCoreGateways } from './agentcore-gateways.js';
import { agentCoreMemories } from './agentcore-memories.js';
import { agentCoreOnlineEvaluations } from './agentcore-online-evaluations.js';
import { agentCorePolicyEngines } from './agentcore-policy-engines.js';
import { agentCoreRegistries } from './agentcore-registries.js';
import { agentCoreResourcePolicies } from './agentcore-resource-policies.js';
import { agentCoreRuntimes } from './agentcore-runtimes.js';
import { agentCoreTokenVault } from './agentcore-token-vault.js';
import { ecrRepositories } from './ecr-repositories.js';
import { guardDutyAiProtectionFindings } from './guardduty-ai-protection-findings.js';
import { guardDutyDetectors } from './guardduty-detectors.js';
import { guardDutyFindings } from './guardduty-findings.js';
import { iamAiFullAccessAttachments } from './iam-ai-full-access-attachments.js';
import { iamAiPrincipalPermissions } from './iam-ai-principal-permissions.js';
import { iamBedrockApiKeys } from './iam-bedrock-api-keys.js';
import { iamCustomerManagedPolicies } from './iam-customer-managed-policies.js';
import { iamInlinePolicies } from './iam-inline-policies.js';
import { inspectorAccountStatus, inspectorImageFindings } from './inspector2.js';
import { logsAgentCoreDeliveries } from './logs-agentcore-deliveries.js';
import { macieBuckets } from './macie-buckets.js';
import { macieClassificationJobs } from './macie-classification-jobs.js';
import { macieSession } from './macie-session.js';
import { organizationsAiOptOutPolicy } from './organizations-ai-opt-out-policy.js';
import type { Collector } from './types.js';
import { wafv2AgentCoreGatewayWebAcls } from './wafv2-agentcore-gateway-web-acls.js';

/** Amazon Bedrock AgentCore (with its CloudWatch Logs deliveries, AWS WAF web ACLs and the ECR repositories of its runtime images), Amazon GuardDuty, Amazon Inspector, AWS IAM, Amazon Macie and AWS Organizations. */
export const supportingCollectors: readonly Collector[] = [
  agentCoreRuntimes,
  agentCoreGateways,
  agentCoreMemories,
  agentCoreBrowsers,
  agentCoreCodeInterpreters,
  agentCorePolicyEngines,
  logsAgentCoreDeliveries,
  wafv2AgentCoreGatewayWebAcls,
  guardDutyDetectors,
  guardDutyFindings,
  iamCustomerManagedPolicies,
  iamInlinePolicies,
  iamAiFullAccessAttachments,
  iamBedrockApiKeys,
  iamAiPrincipalPermissions,
  macieSession,
  macieBuckets,
  macieClassificationJobs,
  organizationsAiOptOutPolicy,
  agentCoreTokenVault,
  agentCoreResourcePolicies,
  agentCoreOnlineEvaluations,
  agentCoreRegistries,
  ecrRepositories,
  inspectorAccountStatus,
  inspectorImageFindings,
  guardDutyAiProtectionFindings,
];
