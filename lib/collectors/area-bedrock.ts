import { bedrockDataRetention, bedrockEnforcedGuardrails } from './bedrock-account-settings.js';
import { bedrockAgents } from './bedrock-agents.js';
import { bedrockCustomModels } from './bedrock-custom-models.js';
import { bedrockEvaluationJobs } from './bedrock-evaluation-jobs.js';
import { bedrockFlows } from './bedrock-flows.js';
import { bedrockGuardrails } from './bedrock-guardrails.js';
import { bedrockImportedModels } from './bedrock-imported-models.js';
import { bedrockInvocationLogBuckets, bedrockInvocationLogGroups } from './bedrock-invocation-log-destinations.js';
import { bedrockKnowledgeBaseDataSources } from './bedrock-knowledge-base-data-sources.js';
import { bedrockKnowledgeBaseVectorStores } from './bedrock-knowledge-base-vector-stores.js';
import { bedrockKnowledgeBases } from './bedrock-knowledge-bases.js';
import { bedrockModelCustomizationJobs } from './bedrock-model-customization-jobs.js';
import { bedrockModelInvocationJobs } from './bedrock-model-invocation-jobs.js';
import { bedrockModelInvocationLogging } from './bedrock-model-invocation-logging.js';
import { bedrockPrompts } from './bedrock-prompts.js';
import { cloudwatchBedrockAlarms } from './cloudwatch-bedrock-alarms.js';
import { ec2VpcEndpoints } from './ec2-vpc-endpoints.js';
import type { Collector } from './types.js';

/** Amazon Bedrock: model invocation logging, guardrails, custom and imported models, agents, knowledge bases, evaluation and batch inference jobs, prompts, flows; the VPC endpoints that reach Bedrock privately. */
export const bedrockCollectors: readonly Collector[] = [
  bedrockModelInvocationLogging,
  bedrockInvocationLogBuckets,
  bedrockInvocationLogGroups,
  bedrockGuardrails,
  bedrockCustomModels,
  bedrockImportedModels,
  bedrockModelCustomizationJobs,
  bedrockEvaluationJobs,
  bedrockModelInvocationJobs,
  bedrockAgents,
  bedrockKnowledgeBases,
  bedrockKnowledgeBaseDataSources,
  bedrockPrompts,
  bedrockFlows,
  ec2VpcEndpoints,
  bedrockDataRetention,
  bedrockEnforcedGuardrails,
  cloudwatchBedrockAlarms,
  bedrockKnowledgeBaseVectorStores,
];
