import {
  DescribeNotebookInstanceCommand,
  type DescribeNotebookInstanceCommandOutput,
  paginateListNotebookInstances,
} from '@aws-sdk/client-sagemaker';
import type { CoverageError } from '../evidence/coverage.js';
import { type EvidenceRecord, makeEvidence } from '../evidence/record.js';
import { mapWithConcurrency } from './concurrency.js';
import { collectorResult, coverageError, InvalidResponseError } from './errors.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

const ID = 'sagemaker.notebook-instances';
/** SageMaker's Describe* calls share a low per-account rate; a few at a time stays under it. */
const DESCRIBE_CONCURRENCY = 4;

/** SageMaker notebook instances: ListNotebookInstances, then DescribeNotebookInstance for each. */
export const sagemakerNotebookInstances: Collector = {
  id: ID,
  service: 'sagemaker',
  description: 'SageMaker notebook instances and their network, root access and encryption settings.',
  actions: ['sagemaker:ListNotebookInstances', 'sagemaker:DescribeNotebookInstance'],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    const client = ctx.clients.client('sagemaker', ctx.region);
    const errors: CoverageError[] = [];
    const listed: { name: string; arn: string }[] = [];
    const tokens = new Set<string>();
    try {
      for await (const page of paginateListNotebookInstances({ client, pageSize: 100 }, {})) {
        for (const summary of page.NotebookInstances ?? []) {
          if (!summary.NotebookInstanceName || !summary.NotebookInstanceArn) {
            throw new InvalidResponseError('ListNotebookInstances returned a notebook instance without a name or ARN.');
          }
          listed.push({ name: summary.NotebookInstanceName, arn: summary.NotebookInstanceArn });
        }
        // The paginator would follow a NextToken it was already given forever.
        if (page.NextToken !== undefined && tokens.has(page.NextToken)) {
          throw new InvalidResponseError('ListNotebookInstances returned a NextToken it had already returned.');
        }
        if (page.NextToken !== undefined) tokens.add(page.NextToken);
      }
    } catch (error) {
      errors.push(coverageError('ListNotebookInstances', error));
    }

    const described = await mapWithConcurrency(listed, DESCRIBE_CONCURRENCY, async ({ name, arn }) => {
      try {
        const output = await client.send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: name }));
        return toRecord(ctx, name, output);
      } catch (error) {
        errors.push(coverageError('DescribeNotebookInstance', error, arn));
        return undefined;
      }
    });
    const records = described.filter((r): r is EvidenceRecord => r !== undefined);
    return collectorResult(ID, ctx, records, errors);
  },
};

function toRecord(ctx: CollectorContext, name: string, output: DescribeNotebookInstanceCommandOutput): EvidenceRecord {
  if (!output.NotebookInstanceArn) {
    throw new InvalidResponseError(`DescribeNotebookInstance for ${name} returned no NotebookInstanceArn.`);
  }
  return makeEvidence({
    accountId: ctx.accountId,
    region: ctx.region,
    source: { collector: ID, service: 'sagemaker', operation: 'DescribeNotebookInstance' },
    resource: { type: 'AWS::SageMaker::NotebookInstance', id: output.NotebookInstanceArn },
    collectedAt: ctx.now(),
    data: output,
  });
}
