import { cloudtrailBedrockModelAccessEvents } from './cloudtrail-bedrock-model-access-events.js';
import { cloudtrailTrails } from './cloudtrail-trails.js';
import { configAiResources } from './config-ai-resources.js';
import { configRecording } from './config-recording.js';
import { configRules } from './config-rules.js';
import { securityhubAiFindings } from './securityhub-ai-findings.js';
import { securityhubHub } from './securityhub-hub.js';
import { taggingAiResources } from './tagging-ai-resources.js';
import type { Collector } from './types.js';

/** AWS Config, AWS Security Hub and AWS CloudTrail: the account-wide record and assurance services; and the tags of the AI resources (Resource Groups Tagging API), read as context. */
export const governanceCollectors: readonly Collector[] = [
  configRecording,
  configRules,
  configAiResources,
  cloudtrailTrails,
  cloudtrailBedrockModelAccessEvents,
  securityhubHub,
  securityhubAiFindings,
  taggingAiResources,
];
