import { agentCoreBrowsers } from './agentcore-browsers.js';
import { agentCoreCodeInterpreters } from './agentcore-code-interpreters.js';
import { agentCoreGateways } from './agentcore-gateways.js';
import { agentCoreMemories } from './agentcore-memories.js';
import { agentCoreRuntimes } from './agentcore-runtimes.js';
import { guardDutyDetectors } from './guardduty-detectors.js';
import { guardDutyFindings } from './guardduty-findings.js';
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
];
