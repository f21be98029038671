import { paginateDescribeBuckets } from '@aws-sdk/client-macie2';
import { summaryCollector } from './list-describe.js';

export const MACIE_BUCKETS = 'macie.buckets';
export const BUCKET_TYPE = 'AWS::S3::Bucket';

/**
 * The S3 buckets Macie knows in the region, with their tags: DescribeBuckets, every page, one
 * record per bucket (an element of `buckets`, as returned). Macie is the source rather than S3
 * because it gives the tags of every bucket in one paged call, and it is the service whose
 * coverage the Macie controls judge.
 */
export const macieBuckets = /* @__PURE__ */ summaryCollector({
  id: MACIE_BUCKETS,
  service: 'macie2',
  description: 'S3 buckets of the region as Amazon Macie describes them (name, tags, public access).',
  actions: ['macie2:DescribeBuckets'],
  listOperation: 'DescribeBuckets',
  pages: (client) => paginateDescribeBuckets({ client, pageSize: 50 }, {}),
  itemsKey: 'buckets',
  recordId: (bucket) => (bucket.bucketName ? bucket.bucketArn || `arn:aws:s3:::${bucket.bucketName}` : undefined),
  itemCalled: 'a bucket',
  listedBy: 'a bucketName',
  resourceType: BUCKET_TYPE,
});
