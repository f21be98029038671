import type { Control } from './types.js';

/** Amazon Bedrock AgentCore, Amazon GuardDuty, AWS IAM and Amazon Macie. */
export const supportingControls: readonly Control[] = [];
