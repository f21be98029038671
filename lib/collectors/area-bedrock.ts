import { bedrockModelInvocationLogging } from './bedrock-model-invocation-logging.js';
import type { Collector } from './types.js';

/** Amazon Bedrock: model invocation logging, guardrails, custom models, agents, knowledge bases, evaluation jobs. */
export const bedrockCollectors: readonly Collector[] = [bedrockModelInvocationLogging];
