import { type BucketMetadata, paginateDescribeBuckets } from '@aws-sdk/client-macie2';
import type { CoverageError } from '../evidence/coverage.js';
import { type EvidenceRecord, makeEvidence } from '../evidence/record.js';
import { collectorResult, coverageError, InvalidResponseError } from './errors.js';
import { guardedPages } from './list-describe.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

export const MACIE_BUCKETS = 'macie.buckets';
export const BUCKET_TYPE = 'AWS::S3::Bucket';

/**
 * The S3 buckets Macie knows in the region, with their tags: DescribeBuckets, every page, one
 * record per bucket (an element of `buckets`, as returned). Macie is the source rather than S3
 * because it gives the tags of every bucket in one paged call, and it is the service whose
 * coverage the Macie controls judge.
 */
export const macieBuckets: Collector = {
  id: MACIE_BUCKETS,
  service: 'macie2',
  description: 'S3 buckets of the region as Amazon Macie describes them (name, tags, public access).',
  actions: ['macie2:DescribeBuckets'],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    const client = ctx.clients.client('macie2', ctx.region);
    const errors: CoverageError[] = [];
    const records: EvidenceRecord[] = [];
    try {
      for await (const page of guardedPages('DescribeBuckets', paginateDescribeBuckets({ client, pageSize: 50 }, {}))) {
        for (const bucket of page.buckets ?? []) records.push(toRecord(ctx, bucket));
      }
    } catch (error) {
      errors.push(coverageError('DescribeBuckets', error));
    }
    return collectorResult(MACIE_BUCKETS, ctx, records, errors);
  },
};

function toRecord(ctx: CollectorContext, bucket: BucketMetadata): EvidenceRecord {
  if (!bucket.bucketName) throw new InvalidResponseError('DescribeBuckets returned a bucket without a bucketName.');
  return makeEvidence({
    accountId: ctx.accountId,
    region: ctx.region,
    source: { collector: MACIE_BUCKETS, service: 'macie2', operation: 'DescribeBuckets' },
    resource: { type: BUCKET_TYPE, id: bucket.bucketArn || `arn:aws:s3:::${bucket.bucketName}` },
    collectedAt: ctx.now(),
    data: bucket,
  });
}
