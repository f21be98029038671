import { DescribeNotebookInstanceCommand, paginateListNotebookInstances } from '@aws-sdk/client-sagemaker';
import { kind, listDescribeCollector, listedByName, text } from './list-describe.js';

/** SageMaker notebook instances: ListNotebookInstances, then DescribeNotebookInstance for each. */
export const sagemakerNotebookInstances = /* @__PURE__ */ listDescribeCollector({
  id: 'sagemaker.notebook-instances',
  service: 'sagemaker',
  description: 'SageMaker notebook instances and their network, root access and encryption settings.',
  actions: ['sagemaker:ListNotebookInstances', 'sagemaker:DescribeNotebookInstance'],
  kinds: [
    /* @__PURE__ */ kind('sagemaker', {
      listOperation: 'ListNotebookInstances',
      pages: (client) => paginateListNotebookInstances({ client, pageSize: 100 }, {}),
      itemsKey: 'NotebookInstances',
      listed: (item) => listedByName(item.NotebookInstanceName, item.NotebookInstanceArn),
      itemCalled: 'a notebook instance',
      listedBy: 'a name or ARN',
      describeOperation: 'DescribeNotebookInstance',
      describe: (client, { key }) => client.send(new DescribeNotebookInstanceCommand({ NotebookInstanceName: key })),
      recordId: (output) => text(output.NotebookInstanceArn),
      recordedBy: 'NotebookInstanceArn',
      resourceType: 'AWS::SageMaker::NotebookInstance',
    }),
  ],
});
