import { bedrockModelInvocationLogging } from './bedrock-model-invocation-logging.js';
import { sagemakerNotebookInstances } from './sagemaker-notebook-instances.js';
import type { Collector } from './types.js';

/** Every collector, in the order a run calls them. */
export const collectors: readonly Collector[] = [sagemakerNotebookInstances, bedrockModelInvocationLogging];

export type { ClientProvider, Collector, CollectorContext, CollectorResult } from './types.js';
