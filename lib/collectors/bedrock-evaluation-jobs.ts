import { paginateListEvaluationJobs } from '@aws-sdk/client-bedrock';
import { summaryCollector, text } from './list-describe.js';

/**
 * Bedrock model evaluation jobs (automatic, human and RAG evaluations): ListEvaluationJobs only, one
 * record per job summary. The summary holds what the controls judge (status, type, creation time,
 * models); GetEvaluationJob would add the datasets and metrics, which no control reads.
 */
export const bedrockEvaluationJobs = /* @__PURE__ */ summaryCollector({
  id: 'bedrock.evaluation-jobs',
  service: 'bedrock',
  description: 'Amazon Bedrock model evaluation jobs: status, type, creation time and models evaluated.',
  actions: ['bedrock:ListEvaluationJobs'],
  listOperation: 'ListEvaluationJobs',
  pages: (client) => paginateListEvaluationJobs({ client, pageSize: 100 }, {}),
  itemsKey: 'jobSummaries',
  recordId: (job) => text(job.jobArn),
  itemCalled: 'a job summary',
  listedBy: 'a jobArn',
  resourceType: 'AWS::Bedrock::EvaluationJob',
});
