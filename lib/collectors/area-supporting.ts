import { agentCoreBrowsers } from './agentcore-browsers.js';
import { agentCoreCodeInterpreters } from './agentcore-code-interpreters.js';
import { agentCoreGateways } from './agentcore-gateways.js';
import { agentCoreMemories } from './agentcore-memories.js';
import { agentCoreRuntimes } from './agentcore-runtimes.js';
import { guardDutyDetectors } from './guardduty-detectors.js';
import { guardDutyFindings } from './guardduty-findings.js';
import { iamAiFullAccessAttachments } from './iam-ai-full-access-attachments.js';
import { iamCustomerManagedPolicies } from './iam-customer-managed-policies.js';
import { iamInlinePolicies } from './iam-inline-policies.js';
import type { Collector } from './types.js';

/** Amazon Bedrock AgentCore, Amazon GuardDuty, AWS IAM and Amazon Macie. */
export const supportingCollectors: readonly Collector[] = [
  agentCoreRuntimes,
  agentCoreGateways,
  agentCoreMemories,
  agentCoreBrowsers,
  agentCoreCodeInterpreters,
  guardDutyDetectors,
  guardDutyFindings,
  iamCustomerManagedPolicies,
  iamInlinePolicies,
  iamAiFullAccessAttachments,
];
