/**
 * Whether a Macie classification job covers an S3 bucket, from the job summary's bucketDefinitions
 * or bucketCriteria and the bucket's Macie metadata. Three-valued: true, false, or undefined when a
 * criterion is one this code does not evaluate (the control then says it cannot tell).
 */

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The tag that marks a bucket as holding AI training data (set by the data owner; read through Macie DescribeBuckets). */
export const TRAINING_DATA_TAG = { key: 'ai-evidence:data-classification', value: 'training-data' } as const;

export function bucketTags(bucket: Obj): { key: string; value: string }[] {
  return list(bucket.tags)
    .map(obj)
    .filter((t): t is Obj => t !== undefined && typeof t.key === 'string')
    .map((t) => ({ key: String(t.key), value: typeof t.value === 'string' ? t.value : '' }));
}

export function isTrainingData(bucket: Obj): boolean {
  return bucketTags(bucket).some((t) => t.key === TRAINING_DATA_TAG.key && t.value === TRAINING_DATA_TAG.value);
}

/** A job that keeps running: SCHEDULED and RUNNING or IDLE (between runs). */
export function isActive(job: Obj): boolean {
  return job.jobType === 'SCHEDULED' && (job.jobStatus === 'RUNNING' || job.jobStatus === 'IDLE');
}

function and(values: readonly (boolean | undefined)[]): boolean | undefined {
  if (values.includes(false)) return false;
  return values.includes(undefined) ? undefined : true;
}

function simpleCriterion(c: Obj, bucket: Obj): boolean | undefined {
  const fields: Record<string, unknown> = {
    ACCOUNT_ID: bucket.accountId,
    S3_BUCKET_NAME: bucket.bucketName,
    S3_BUCKET_EFFECTIVE_PERMISSION: obj(bucket.publicAccess)?.effectivePermission,
    S3_BUCKET_SHARED_ACCESS: bucket.sharedAccess,
  };
  const actual = typeof c.key === 'string' ? fields[c.key] : undefined;
  const values = list(c.values).map(String);
  if (typeof actual !== 'string' || values.length === 0) return undefined;
  switch (c.comparator) {
    case 'EQ':
      return values.includes(actual);
    case 'NE':
      return !values.includes(actual);
    case 'CONTAINS':
      return values.some((v) => actual.includes(v));
    case 'STARTS_WITH':
      return values.some((v) => actual.startsWith(v));
    default:
      return undefined;
  }
}

function tagCriterion(c: Obj, bucket: Obj): boolean | undefined {
  const tags = bucketTags(bucket);
  const pairs = list(c.tagValues)
    .map(obj)
    .filter((p): p is Obj => p !== undefined && typeof p.key === 'string');
  if (pairs.length === 0) return undefined;
  const matches = pairs.some((p) =>
    tags.some((t) => t.key === p.key && (typeof p.value !== 'string' || p.value === '' || p.value === t.value)),
  );
  if (c.comparator === 'EQ') return matches;
  if (c.comparator === 'NE') return !matches;
  return undefined;
}

function criteria(block: unknown, bucket: Obj): boolean | undefined {
  const items = list(obj(block)?.and);
  return and(
    items.map((item) => {
      const c = obj(item);
      if (c === undefined) return undefined;
      const parts: (boolean | undefined)[] = [];
      if (obj(c.simpleCriterion)) parts.push(simpleCriterion(obj(c.simpleCriterion) as Obj, bucket));
      if (obj(c.tagCriterion)) parts.push(tagCriterion(obj(c.tagCriterion) as Obj, bucket));
      return parts.length === 0 ? undefined : and(parts);
    }),
  );
}

/** Whether the job's bucket scope includes the bucket (whatever the job's status). */
export function jobScopeIncludes(job: Obj, bucket: Obj): boolean | undefined {
  const definitions = job.bucketDefinitions;
  if (Array.isArray(definitions)) {
    return definitions.some((d) => {
      const def = obj(d);
      return def !== undefined && def.accountId === bucket.accountId && list(def.buckets).includes(bucket.bucketName);
    });
  }
  const bucketCriteria = obj(job.bucketCriteria);
  if (bucketCriteria === undefined) return undefined;
  const included = obj(bucketCriteria.includes) === undefined ? true : criteria(bucketCriteria.includes, bucket);
  const excludes = list(obj(bucketCriteria.excludes)?.and);
  const excluded = excludes.length === 0 ? false : criteria(bucketCriteria.excludes, bucket);
  if (included === false || excluded === true) return false;
  if (included === undefined || excluded === undefined) return undefined;
  return true;
}
