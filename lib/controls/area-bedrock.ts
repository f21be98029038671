import { control as bedrockModelInvocationLoggingCapturesText } from './bedrock_model_invocation_logging_captures_text.js';
import { control as bedrockModelInvocationLoggingEnabled } from './bedrock_model_invocation_logging_enabled.js';
import { control as bedrockModelInvocationLoggingHasDestination } from './bedrock_model_invocation_logging_has_destination.js';
import type { Control } from './types.js';

/** Amazon Bedrock: model invocation logging, guardrails, custom models, agents, knowledge bases, evaluation jobs. */
export const bedrockControls: readonly Control[] = [
  bedrockModelInvocationLoggingCapturesText,
  bedrockModelInvocationLoggingEnabled,
  bedrockModelInvocationLoggingHasDestination,
];
