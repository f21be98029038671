import { MACIE_BUCKETS } from '../collectors/macie-buckets.js';
import { MACIE_JOBS } from '../collectors/macie-classification-jobs.js';
import type { SealedEvidence } from '../evidence/record.js';
import { makeFinding, regionScopeResource } from './per-resource.js';
import { isActive, isTrainingData, jobScopeIncludes, TRAINING_DATA_TAG } from './supporting-macie.js';
import type { Control, ControlMetadata, EvaluationInput, Finding } from './types.js';

const META: ControlMetadata = {
  id: 'macie_training_data_bucket_in_classification_job',
  version: 2,
  title: 'S3 buckets tagged as AI training data are scanned by a recurring Macie classification job',
  rationale:
    'Training and fine-tuning data is where personal data slips into a model, from which it cannot be removed. A scheduled Macie job keeps scanning the buckets that feed models as new data arrives; a one-time, paused or cancelled job does not. Buckets are recognised by the tag ai-evidence:data-classification=training-data.',
  severity: 'MEDIUM',
  remediation:
    'Create a SCHEDULED Macie classification job (CreateClassificationJob) whose bucketDefinitions name the bucket, or whose bucketCriteria include buckets tagged ai-evidence:data-classification=training-data; resume a paused job. Tag every bucket that holds training data.',
  cafAi: ['data-protection'],
  aiRmf: ['MEASURE 2.10', 'MAP 4.1'],
  iso42001: ['A.7.2', 'A.7.4', 'A.7.6'],
  aiLayers: ['input'],
  securityHubControls: [],
  configRules: [],
  collectors: [MACIE_BUCKETS, MACIE_JOBS],
  resourceType: 'AWS::S3::Bucket',
};

const describeErrors = (errors: readonly { operation: string; code: string; message: string }[]) =>
  errors.map((e) => `${e.operation} failed with ${e.code}: ${e.message.replace(/\.$/, '')}`).join('; ');
const jobName = (job: SealedEvidence) => String(job.record.data.name ?? job.record.data.jobId);
const sorted = (items: readonly SealedEvidence[]) => [...new Set(items.map((e) => e.sha256))].sort();

function evaluate(input: EvaluationInput): Finding[] {
  const findings: Finding[] = [];
  for (const scope of input.scopes) {
    const where = `account ${scope.accountId} in ${scope.region}`;
    const scopeFinding = (status: Finding['status'], reason: string) =>
      findings.push(makeFinding(META, scope, { status, reason, resource: regionScopeResource(scope), evidence: [] }));
    const buckets = input.coverageOf(MACIE_BUCKETS, scope);
    const jobsCoverage = input.coverageOf(MACIE_JOBS, scope);
    const notRun = [buckets === undefined ? MACIE_BUCKETS : '', jobsCoverage === undefined ? MACIE_JOBS : ''].filter((c) => c !== '');
    if (buckets === undefined || jobsCoverage === undefined) {
      scopeFinding(
        'INSUFFICIENT_EVIDENCE',
        `Training-data buckets and Macie jobs in ${where} were not collected: the ${notRun.join(', ')} collector did not run.`,
      );
      continue;
    }
    if (buckets.errors.length > 0) {
      scopeFinding(
        'INSUFFICIENT_EVIDENCE',
        `The S3 buckets in ${where} could not be listed through Macie, so training-data buckets are unknown: ${describeErrors(buckets.errors)}.`,
      );
      continue;
    }
    const tagged = input.evidenceOf(MACIE_BUCKETS, scope).filter((b) => isTrainingData(b.record.data));
    if (tagged.length === 0) {
      scopeFinding('NOT_APPLICABLE', `No S3 bucket in ${where} is tagged ${TRAINING_DATA_TAG.key}=${TRAINING_DATA_TAG.value}.`);
      continue;
    }
    const jobs = input.evidenceOf(MACIE_JOBS, scope);
    for (const bucket of tagged) {
      const name = String(bucket.record.data.bucketName);
      const subject = `S3 bucket ${name} (tagged as training data)`;
      const judged = jobs.map((job) => ({ job, includes: jobScopeIncludes(job.record.data, bucket.record.data) }));
      const covering = judged.filter((j) => j.includes === true && isActive(j.job.record.data));
      const unknown = judged.filter((j) => j.includes === undefined && isActive(j.job.record.data));
      const inactive = judged.filter((j) => j.includes === true && !isActive(j.job.record.data));
      let status: Finding['status'];
      let reason: string;
      let cite: SealedEvidence[];
      if (covering.length > 0) {
        status = 'PASS';
        reason = `${subject} is scanned by the scheduled Macie classification job ${covering
          .map((j) => jobName(j.job))
          .sort()
          .join(', ')}.`;
        cite = [bucket, ...covering.map((j) => j.job)];
      } else if (jobsCoverage.errors.length > 0) {
        status = 'INSUFFICIENT_EVIDENCE';
        reason = `${subject} is in no Macie job read in ${where}, but the jobs could not all be read: ${describeErrors(jobsCoverage.errors)}.`;
        cite = [bucket];
      } else if (unknown.length > 0) {
        status = 'INSUFFICIENT_EVIDENCE';
        reason = `Whether Macie job ${unknown
          .map((j) => jobName(j.job))
          .sort()
          .join(', ')} scans ${subject} cannot be told: its bucket criteria use a key or comparator this control does not evaluate.`;
        cite = [bucket, ...unknown.map((j) => j.job)];
      } else if (inactive.length > 0) {
        status = 'FAIL';
        reason = `${subject} is only in Macie job${inactive.length > 1 ? 's' : ''} ${inactive
          .map((j) => `${jobName(j.job)} (${String(j.job.record.data.jobType)}, ${String(j.job.record.data.jobStatus)})`)
          .sort()
          .join(', ')}, none of which keeps scanning it.`;
        cite = [bucket, ...inactive.map((j) => j.job)];
      } else {
        status = 'FAIL';
        reason = `${subject} is not in any Macie classification job in ${where}.`;
        cite = [bucket, ...jobs];
      }
      findings.push(makeFinding(META, scope, { status, reason, resource: bucket.record.resource, evidence: sorted(cite) }));
    }
  }
  return findings;
}

/** Every S3 bucket tagged as training data is in an active, scheduled Macie classification job. */
export const control: Control = { ...META, evaluate };
