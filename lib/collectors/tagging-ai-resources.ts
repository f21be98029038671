import { paginateGetResources } from '@aws-sdk/client-resource-groups-tagging-api';
import { TAGGING_COLLECTOR } from '../evidence/resource-tags.js';
import { summaryCollector, text } from './list-describe.js';

/**
 * The AI resource types whose tags are read: the Tagging API's `service:resource-type` filter (as
 * the type is spelled in the resource's ARN) and the CloudFormation type the catalog's collectors
 * give the same resource, so a tag record names its resource exactly as the judged record does.
 */
export const TAGGED_AI_RESOURCE_TYPES = [
  { filter: 'sagemaker:notebook-instance', type: 'AWS::SageMaker::NotebookInstance' },
  { filter: 'sagemaker:model', type: 'AWS::SageMaker::Model' },
  { filter: 'sagemaker:endpoint', type: 'AWS::SageMaker::Endpoint' },
  { filter: 'sagemaker:training-job', type: 'AWS::SageMaker::TrainingJob' },
  { filter: 'bedrock:agent', type: 'AWS::Bedrock::Agent' },
  { filter: 'bedrock:knowledge-base', type: 'AWS::Bedrock::KnowledgeBase' },
  { filter: 'bedrock:guardrail', type: 'AWS::Bedrock::Guardrail' },
  { filter: 'bedrock:custom-model', type: 'AWS::Bedrock::CustomModel' },
] as const;

/** The type of a record whose ARN is of none of the types asked for (the API returned more than the filter). */
export const OTHER_TAGGED_TYPE = 'AiEvidence::Tagging::Resource';

const TYPE_OF_FILTER = new Map<string, string>(TAGGED_AI_RESOURCE_TYPES.map((t) => [t.filter, t.type]));

/** The CloudFormation type of an ARN of one of {@link TAGGED_AI_RESOURCE_TYPES}: `arn:aws:<service>:<region>:<account>:<type>/<name>`. */
export function taggedResourceType(arn: string): string {
  const parts = arn.split(':');
  const service = parts[2];
  const resource = parts.slice(5).join(':').split('/')[0];
  return TYPE_OF_FILTER.get(`${service}:${resource}`) ?? OTHER_TAGGED_TYPE;
}

/**
 * Tags of the AI resources the catalog judges, as context: Resource Groups Tagging API
 * GetResources filtered to {@link TAGGED_AI_RESOURCE_TYPES}, every page, one record per resource
 * (an element of `ResourceTagMappingList`: ResourceARN and Tags exactly as returned). One call
 * sequence per region, instead of one ListTags per resource of each service. GetResources returns
 * only resources that have (or had) tags, so a resource without a record has none, unless this
 * collector's coverage says the read failed. No control judges these records.
 */
export const taggingAiResources = /* @__PURE__ */ summaryCollector({
  id: TAGGING_COLLECTOR,
  service: 'tagging',
  description:
    'Tags of the SageMaker notebook instances, models, endpoints and training jobs and the Bedrock agents, knowledge bases, guardrails and custom models of the region (context for reports, CSV and Security Hub; not judged).',
  actions: ['tag:GetResources'],
  listOperation: 'GetResources',
  // 50 a page: AWS allows up to 100, moto up to 50.
  pages: (client) =>
    paginateGetResources({ client }, { ResourceTypeFilters: TAGGED_AI_RESOURCE_TYPES.map((t) => t.filter), ResourcesPerPage: 50 }),
  itemsKey: 'ResourceTagMappingList',
  recordId: (mapping) => text(mapping.ResourceARN),
  itemCalled: 'a resource',
  listedBy: 'a ResourceARN',
  resourceType: OTHER_TAGGED_TYPE,
  resourceTypeOf: (mapping) => taggedResourceType(mapping.ResourceARN ?? ''),
});
