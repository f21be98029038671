import {
  DescribeDataQualityJobDefinitionCommand,
  DescribeModelBiasJobDefinitionCommand,
  DescribeModelExplainabilityJobDefinitionCommand,
  DescribeModelQualityJobDefinitionCommand,
  paginateListDataQualityJobDefinitions,
  paginateListModelBiasJobDefinitions,
  paginateListModelExplainabilityJobDefinitions,
  paginateListModelQualityJobDefinitions,
} from '@aws-sdk/client-sagemaker';
import { type ListDescribeKind, listDescribeCollector } from './sagemaker-list-describe.js';

/** What the four kinds of monitoring job definition share: their summaries and describe answers name the same fields. */
const common = {
  itemsKey: 'JobDefinitionSummaries',
  nameKey: 'MonitoringJobDefinitionName',
  arnKey: 'MonitoringJobDefinitionArn',
  describedArnKey: 'JobDefinitionArn',
} as const;

const kinds: ListDescribeKind[] = [
  {
    ...common,
    listOperation: 'ListDataQualityJobDefinitions',
    pages: (client) => paginateListDataQualityJobDefinitions({ client, pageSize: 100 }, {}),
    describeOperation: 'DescribeDataQualityJobDefinition',
    describe: (client, name) => client.send(new DescribeDataQualityJobDefinitionCommand({ JobDefinitionName: name })),
    resourceType: 'AWS::SageMaker::DataQualityJobDefinition',
  },
  {
    ...common,
    listOperation: 'ListModelQualityJobDefinitions',
    pages: (client) => paginateListModelQualityJobDefinitions({ client, pageSize: 100 }, {}),
    describeOperation: 'DescribeModelQualityJobDefinition',
    describe: (client, name) => client.send(new DescribeModelQualityJobDefinitionCommand({ JobDefinitionName: name })),
    resourceType: 'AWS::SageMaker::ModelQualityJobDefinition',
  },
  {
    ...common,
    listOperation: 'ListModelBiasJobDefinitions',
    pages: (client) => paginateListModelBiasJobDefinitions({ client, pageSize: 100 }, {}),
    describeOperation: 'DescribeModelBiasJobDefinition',
    describe: (client, name) => client.send(new DescribeModelBiasJobDefinitionCommand({ JobDefinitionName: name })),
    resourceType: 'AWS::SageMaker::ModelBiasJobDefinition',
  },
  {
    ...common,
    listOperation: 'ListModelExplainabilityJobDefinitions',
    pages: (client) => paginateListModelExplainabilityJobDefinitions({ client, pageSize: 100 }, {}),
    describeOperation: 'DescribeModelExplainabilityJobDefinition',
    describe: (client, name) => client.send(new DescribeModelExplainabilityJobDefinitionCommand({ JobDefinitionName: name })),
    resourceType: 'AWS::SageMaker::ModelExplainabilityJobDefinition',
  },
];

/** The job definitions Model Monitor schedules run: data quality, model quality, bias and explainability. */
export const sagemakerMonitoringJobDefinitions = listDescribeCollector({
  id: 'sagemaker.monitoring-job-definitions',
  description: 'SageMaker Model Monitor job definitions (data quality, model quality, bias, explainability): network and KMS settings.',
  actions: [
    'sagemaker:ListDataQualityJobDefinitions',
    'sagemaker:DescribeDataQualityJobDefinition',
    'sagemaker:ListModelQualityJobDefinitions',
    'sagemaker:DescribeModelQualityJobDefinition',
    'sagemaker:ListModelBiasJobDefinitions',
    'sagemaker:DescribeModelBiasJobDefinition',
    'sagemaker:ListModelExplainabilityJobDefinitions',
    'sagemaker:DescribeModelExplainabilityJobDefinition',
  ],
  kinds,
});
