import type { Collector } from './types.js';

/** Amazon Bedrock AgentCore, Amazon GuardDuty, AWS IAM and Amazon Macie. */
export const supportingCollectors: readonly Collector[] = [];
