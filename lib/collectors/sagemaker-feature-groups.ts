import { DescribeFeatureGroupCommand, paginateListFeatureGroups } from '@aws-sdk/client-sagemaker';
import { kind, listDescribeCollector, listedByName, text } from './list-describe.js';

/**
 * SageMaker Feature Store feature groups: ListFeatureGroups, then DescribeFeatureGroup for each.
 * The record keeps the first page of the describe answer: the store configuration is on every page,
 * only the list of feature definitions is paged, and no control reads it.
 */
export const sagemakerFeatureGroups = /* @__PURE__ */ listDescribeCollector({
  id: 'sagemaker.feature-groups',
  service: 'sagemaker',
  description: 'SageMaker Feature Store feature groups and the encryption of their online and offline stores.',
  actions: ['sagemaker:ListFeatureGroups', 'sagemaker:DescribeFeatureGroup'],
  kinds: [
    /* @__PURE__ */ kind('sagemaker', {
      listOperation: 'ListFeatureGroups',
      pages: (client) => paginateListFeatureGroups({ client, pageSize: 100 }, {}),
      itemsKey: 'FeatureGroupSummaries',
      listed: (item) => listedByName(item.FeatureGroupName, item.FeatureGroupArn),
      itemCalled: 'a feature group',
      listedBy: 'a name or ARN',
      describeOperation: 'DescribeFeatureGroup',
      describe: (client, { key }) => client.send(new DescribeFeatureGroupCommand({ FeatureGroupName: key })),
      recordId: (output) => text(output.FeatureGroupArn),
      recordedBy: 'FeatureGroupArn',
      resourceType: 'AWS::SageMaker::FeatureGroup',
    }),
  ],
});
