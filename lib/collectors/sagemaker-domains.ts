import { DescribeDomainCommand, paginateListDomains } from '@aws-sdk/client-sagemaker';
import { kind, listDescribeCollector, listedByName, text } from './list-describe.js';

/** SageMaker AI domains (Studio): ListDomains, then DescribeDomain for each. */
export const sagemakerDomains = /* @__PURE__ */ listDescribeCollector({
  id: 'sagemaker.domains',
  service: 'sagemaker',
  description: 'SageMaker AI domains and their network access type, authentication mode and KMS key.',
  actions: ['sagemaker:ListDomains', 'sagemaker:DescribeDomain'],
  kinds: [
    /* @__PURE__ */ kind('sagemaker', {
      listOperation: 'ListDomains',
      pages: (client) => paginateListDomains({ client, pageSize: 100 }, {}),
      itemsKey: 'Domains',
      listed: (item) => listedByName(item.DomainId, item.DomainArn),
      listedBy: 'DomainId or DomainArn',
      describeOperation: 'DescribeDomain',
      describe: (client, { key }) => client.send(new DescribeDomainCommand({ DomainId: key })),
      recordId: (output) => text(output.DomainArn),
      recordedBy: 'DomainArn',
      resourceType: 'AWS::SageMaker::Domain',
    }),
  ],
});
