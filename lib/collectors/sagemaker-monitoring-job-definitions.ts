import {
  DescribeDataQualityJobDefinitionCommand,
  DescribeModelBiasJobDefinitionCommand,
  DescribeModelExplainabilityJobDefinitionCommand,
  DescribeModelQualityJobDefinitionCommand,
  type MonitoringJobDefinitionSummary,
  paginateListDataQualityJobDefinitions,
  paginateListModelBiasJobDefinitions,
  paginateListModelExplainabilityJobDefinitions,
  paginateListModelQualityJobDefinitions,
} from '@aws-sdk/client-sagemaker';
import { kind, type ListDescribe, listDescribeCollector, listedByName, text } from './list-describe.js';

/** What the four kinds of monitoring job definition share: their summaries and describe answers name the same fields. */
const common = {
  itemsKey: 'JobDefinitionSummaries',
  listed: (item: MonitoringJobDefinitionSummary) => listedByName(item.MonitoringJobDefinitionName, item.MonitoringJobDefinitionArn),
  listedBy: 'MonitoringJobDefinitionName or MonitoringJobDefinitionArn',
  recordId: (output: { JobDefinitionArn?: string | undefined }) => text(output.JobDefinitionArn),
  recordedBy: 'JobDefinitionArn',
} as const;

const kinds: ListDescribe<'sagemaker'>[] = [
  /* @__PURE__ */ kind('sagemaker', {
    ...common,
    listOperation: 'ListDataQualityJobDefinitions',
    pages: (client) => paginateListDataQualityJobDefinitions({ client, pageSize: 100 }, {}),
    describeOperation: 'DescribeDataQualityJobDefinition',
    describe: (client, { key }) => client.send(new DescribeDataQualityJobDefinitionCommand({ JobDefinitionName: key })),
    resourceType: 'AWS::SageMaker::DataQualityJobDefinition',
  }),
  /* @__PURE__ */ kind('sagemaker', {
    ...common,
    listOperation: 'ListModelQualityJobDefinitions',
    pages: (client) => paginateListModelQualityJobDefinitions({ client, pageSize: 100 }, {}),
    describeOperation: 'DescribeModelQualityJobDefinition',
    describe: (client, { key }) => client.send(new DescribeModelQualityJobDefinitionCommand({ JobDefinitionName: key })),
    resourceType: 'AWS::SageMaker::ModelQualityJobDefinition',
  }),
  /* @__PURE__ */ kind('sagemaker', {
    ...common,
    listOperation: 'ListModelBiasJobDefinitions',
    pages: (client) => paginateListModelBiasJobDefinitions({ client, pageSize: 100 }, {}),
    describeOperation: 'DescribeModelBiasJobDefinition',
    describe: (client, { key }) => client.send(new DescribeModelBiasJobDefinitionCommand({ JobDefinitionName: key })),
    resourceType: 'AWS::SageMaker::ModelBiasJobDefinition',
  }),
  /* @__PURE__ */ kind('sagemaker', {
    ...common,
    listOperation: 'ListModelExplainabilityJobDefinitions',
    pages: (client) => paginateListModelExplainabilityJobDefinitions({ client, pageSize: 100 }, {}),
    describeOperation: 'DescribeModelExplainabilityJobDefinition',
    describe: (client, { key }) => client.send(new DescribeModelExplainabilityJobDefinitionCommand({ JobDefinitionName: key })),
    resourceType: 'AWS::SageMaker::ModelExplainabilityJobDefinition',
  }),
];

/** The job definitions Model Monitor schedules run: data quality, model quality, bias and explainability. */
export const sagemakerMonitoringJobDefinitions = /* @__PURE__ */ listDescribeCollector({
  id: 'sagemaker.monitoring-job-definitions',
  service: 'sagemaker',
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
