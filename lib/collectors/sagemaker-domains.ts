import { DescribeDomainCommand, paginateListDomains } from '@aws-sdk/client-sagemaker';
import { listDescribeCollector } from './sagemaker-list-describe.js';

/** SageMaker AI domains (Studio): ListDomains, then DescribeDomain for each. */
export const sagemakerDomains = listDescribeCollector({
  id: 'sagemaker.domains',
  description: 'SageMaker AI domains and their network access type, authentication mode and KMS key.',
  actions: ['sagemaker:ListDomains', 'sagemaker:DescribeDomain'],
  kinds: [
    {
      listOperation: 'ListDomains',
      pages: (client) => paginateListDomains({ client, pageSize: 100 }, {}),
      itemsKey: 'Domains',
      nameKey: 'DomainId',
      arnKey: 'DomainArn',
      describeOperation: 'DescribeDomain',
      describe: (client, id) => client.send(new DescribeDomainCommand({ DomainId: id })),
      describedArnKey: 'DomainArn',
      resourceType: 'AWS::SageMaker::Domain',
    },
  ],
});
