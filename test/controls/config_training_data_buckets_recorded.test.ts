import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/config_training_data_buckets_recorded.js';
import type { SealedEvidence } from '../../lib/evidence/record.js';
import { complete, digestOf, judge } from '../fixtures/evidence.js';
import {
  AI_RESOURCES,
  bucketItem,
  healthyRecording,
  inventoryEvidence,
  RECORDING,
  recorder,
  recorderStatus,
  recorderStatusEvidence,
  recordersEvidence,
} from '../fixtures/governance.js';
import { describeScopeCases } from '../fixtures/governance-cases.js';

function judgeWith(recording: SealedEvidence[], inventory: SealedEvidence[]) {
  const findings = judge(control, {
    evidence: [...recording, ...inventory],
    coverage: [complete(RECORDING, recording.length), complete(AI_RESOURCES, inventory.length)],
  });
  expect(findings).toHaveLength(1);
  return findings[0];
}

const s3Only = (types: string[]) => [
  recordersEvidence([
    recorder('default', { allSupported: false, resourceTypes: types, recordingStrategy: { useOnly: 'INCLUSION_BY_RESOURCE_TYPES' } }),
  ]),
  recorderStatusEvidence([recorderStatus()]),
];

describe('config_training_data_buckets_recorded', () => {
  it('#1 compliant: S3 recorded and a tagged bucket in the inventory is PASS naming it, citing recorder and bucket', () => {
    const bucket = inventoryEvidence(bucketItem('acme-claims-training'));
    const recording = healthyRecording().slice(0, 2);
    const finding = judgeWith(recording, [bucket]);
    expect(finding?.status).toBe('PASS');
    expect(finding?.reason).toContain('acme-claims-training');
    expect(finding?.evidence).toEqual([...recording, bucket].map(digestOf).sort());
  });

  it('#2 compliant: an inclusion list with AWS::S3::Bucket is enough', () => {
    expect(judgeWith(s3Only(['AWS::S3::Bucket']), [inventoryEvidence(bucketItem('b'))])?.status).toBe('PASS');
  });

  it('#3 non-compliant: a recorder without S3 buckets is FAIL, even with buckets from earlier recording', () => {
    const finding = judgeWith(s3Only(['AWS::SageMaker::Model']), [inventoryEvidence(bucketItem('old-training'))]);
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('old-training');
  });

  it('#4 non-compliant: no recorder recording is FAIL', () => {
    const finding = judgeWith(
      [recordersEvidence([recorder()]), recorderStatusEvidence([recorderStatus('default', { recording: false })])],
      [],
    );
    expect(finding?.status).toBe('FAIL');
  });

  it('#5 not applicable: S3 recorded and no tagged bucket is NOT_APPLICABLE', () => {
    expect(judgeWith(healthyRecording().slice(0, 2), [])?.status).toBe('NOT_APPLICABLE');
  });

  it('#6 insufficient: a recorder without a recording group is INSUFFICIENT_EVIDENCE', () => {
    const finding = judgeWith([recordersEvidence([{ name: 'default' }]), recorderStatusEvidence([recorderStatus()])], []);
    expect(finding?.status).toBe('INSUFFICIENT_EVIDENCE');
  });

  describeScopeCases({
    control,
    collectors: [RECORDING, AI_RESOURCES],
    blockingOperation: { collector: AI_RESOURCES, operation: 'SelectResourceConfig' },
    unrelatedOperation: { collector: AI_RESOURCES, operation: 'SelectAggregateResourceConfig' },
    passing: (scope) => [
      ...healthyRecording(scope).slice(0, 2),
      inventoryEvidence(bucketItem(`training-${scope.accountId}`, scope), scope),
    ],
  });
});
