import { sagemakerNotebookInstances } from './sagemaker-notebook-instances.js';
import type { Collector } from './types.js';

/** Amazon SageMaker: notebooks, domains, endpoints, models, jobs, model registry, monitoring. */
export const sagemakerCollectors: readonly Collector[] = [sagemakerNotebookInstances];
