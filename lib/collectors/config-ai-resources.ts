import { paginateSelectAggregateResourceConfig, paginateSelectResourceConfig } from '@aws-sdk/client-config-service';
import type { CoverageError } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { classifyAwsError, collectorResult, coverageError, InvalidResponseError } from './errors.js';
import { governanceRecord } from './governance-helpers.js';
import { guardedPages } from './list-describe.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

export const AI_RESOURCES_COLLECTOR = 'config.ai-resources';
/** The tag that marks an S3 bucket as holding training data (key and value). */
export const TRAINING_DATA_TAG = { key: 'ai-evidence:data-classification', value: 'training-data' } as const;

/** The SageMaker, Bedrock and Bedrock AgentCore resource types AWS Config records (and advanced queries support). */
export const AI_CONFIG_RESOURCE_TYPES = [
  'AWS::SageMaker::NotebookInstance',
  'AWS::SageMaker::Model',
  'AWS::SageMaker::Domain',
  'AWS::SageMaker::UserProfile',
  'AWS::SageMaker::FeatureGroup',
  'AWS::SageMaker::DataQualityJobDefinition',
  'AWS::SageMaker::ModelQualityJobDefinition',
  'AWS::SageMaker::ModelBiasJobDefinition',
  'AWS::SageMaker::ModelExplainabilityJobDefinition',
  'AWS::SageMaker::InferenceExperiment',
  'AWS::SageMaker::MlflowTrackingServer',
  'AWS::Bedrock::Guardrail',
  'AWS::Bedrock::KnowledgeBase',
  'AWS::Bedrock::Prompt',
  'AWS::Bedrock::ApplicationInferenceProfile',
  'AWS::BedrockAgentCore::Runtime',
  'AWS::BedrockAgentCore::BrowserCustom',
] as const;

const FIELDS =
  'resourceId, resourceName, resourceType, arn, accountId, awsRegion, configurationItemStatus, configurationItemCaptureTime, tags';

/** The advanced queries: AI resources, and S3 buckets tagged as training data (`tags.tag` matches `key=value`). */
export const QUERIES = [
  `SELECT ${FIELDS} WHERE resourceType IN (${AI_CONFIG_RESOURCE_TYPES.map((t) => `'${t}'`).join(', ')})`,
  `SELECT ${FIELDS} WHERE resourceType = 'AWS::S3::Bucket' AND tags.tag = '${TRAINING_DATA_TAG.key}=${TRAINING_DATA_TAG.value}'`,
] as const;

/**
 * AWS Config's inventory of AI resources and of training-data buckets in the region, through
 * SelectResourceConfig (every page of each query). Each result, a JSON string, is parsed into one
 * record whose resource is the configuration item's type and ARN. When AI_EVIDENCE_CONFIG_AGGREGATOR
 * names an aggregator, the same queries run against it with SelectAggregateResourceConfig
 * (records of that operation, resources of any account of the aggregator); where the aggregator
 * does not exist (it lives in one account and region) that part is skipped, not a gap. Without the
 * variable nothing is asked of an aggregator.
 */
export const configAiResources: Collector = {
  id: AI_RESOURCES_COLLECTOR,
  service: 'config',
  description: 'AWS Config inventory of SageMaker, Bedrock and AgentCore resources and of S3 buckets tagged as training data.',
  actions: ['config:SelectResourceConfig', 'config:SelectAggregateResourceConfig'],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    const client = ctx.clients.client('config', ctx.region);
    const errors: CoverageError[] = [];
    const records: EvidenceRecord[] = [];
    const keep = (operation: string, results: readonly string[] | undefined) => {
      for (const text of results ?? []) records.push(toRecord(ctx, operation, text));
    };
    for (const Expression of QUERIES) {
      try {
        for await (const page of guardedPages(
          'SelectResourceConfig',
          paginateSelectResourceConfig({ client, pageSize: 100 }, { Expression }),
        )) {
          keep('SelectResourceConfig', page.Results);
        }
      } catch (error) {
        errors.push(coverageError('SelectResourceConfig', error));
      }
    }
    const aggregator = ctx.settings?.configAggregator;
    if (aggregator) {
      for (const Expression of QUERIES) {
        try {
          const pages = paginateSelectAggregateResourceConfig(
            { client, pageSize: 100 },
            { Expression, ConfigurationAggregatorName: aggregator },
          );
          for await (const page of guardedPages('SelectAggregateResourceConfig', pages))
            keep('SelectAggregateResourceConfig', page.Results);
        } catch (error) {
          if (classifyAwsError(error).code === 'NoSuchConfigurationAggregatorException') break;
          errors.push(coverageError('SelectAggregateResourceConfig', error));
        }
      }
    }
    return collectorResult(AI_RESOURCES_COLLECTOR, ctx, records, errors);
  },
};

function toRecord(ctx: CollectorContext, operation: string, text: string): EvidenceRecord {
  let item: unknown;
  try {
    item = JSON.parse(text);
  } catch (error) {
    throw new InvalidResponseError(`${operation} returned a result that is not JSON.`, { cause: error });
  }
  const fields = (item ?? {}) as Record<string, unknown>;
  if (typeof item !== 'object' || item === null || typeof fields.resourceType !== 'string' || typeof fields.resourceId !== 'string') {
    throw new InvalidResponseError(`${operation} returned a result without resourceType and resourceId.`);
  }
  const id = typeof fields.arn === 'string' && fields.arn !== '' ? fields.arn : `${fields.resourceType}/${fields.resourceId}`;
  return governanceRecord(ctx, {
    collector: AI_RESOURCES_COLLECTOR,
    service: 'config',
    operation,
    resource: { type: fields.resourceType, id },
    data: fields,
  });
}
