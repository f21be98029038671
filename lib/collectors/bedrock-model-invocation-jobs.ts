import { paginateListModelInvocationJobs } from '@aws-sdk/client-bedrock';
import { summaryCollector, text } from './list-describe.js';

/**
 * Bedrock batch inference jobs: ListModelInvocationJobs only, one record per job summary. The
 * summary already holds the output location, its KMS key and the VPC configuration, which is all
 * the controls read; GetModelInvocationJob would return the same fields.
 */
export const bedrockModelInvocationJobs = /* @__PURE__ */ summaryCollector({
  id: 'bedrock.model-invocation-jobs',
  service: 'bedrock',
  description: 'Amazon Bedrock batch inference jobs: output location and KMS key, VPC configuration.',
  actions: ['bedrock:ListModelInvocationJobs'],
  listOperation: 'ListModelInvocationJobs',
  pages: (client) => paginateListModelInvocationJobs({ client, pageSize: 100 }, {}),
  itemsKey: 'invocationJobSummaries',
  recordId: (job) => text(job.jobArn),
  itemCalled: 'a job summary',
  listedBy: 'a jobArn',
  resourceType: 'AWS::Bedrock::ModelInvocationJob',
});
