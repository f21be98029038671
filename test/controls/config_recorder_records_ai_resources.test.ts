import { describe, expect, it } from 'vitest';
import { AI_RESOURCE_TYPES, control } from '../../lib/controls/config_recorder_records_ai_resources.js';
import { complete, judge } from '../fixtures/evidence.js';
import {
  healthyRecording,
  RECORDING,
  recorder,
  recorderStatus,
  recorderStatusEvidence,
  recordersEvidence,
} from '../fixtures/governance.js';
import { describeScopeCases } from '../fixtures/governance-cases.js';

function judgeGroup(group: Record<string, unknown>, status: Record<string, unknown> = {}) {
  const findings = judge(control, {
    evidence: [recordersEvidence([recorder('default', group)]), recorderStatusEvidence([recorderStatus('default', status)])],
    coverage: [complete(RECORDING, 2)],
  });
  expect(findings).toHaveLength(1);
  return findings[0];
}

const inclusion = (types: readonly string[]) => ({
  allSupported: false,
  resourceTypes: types,
  recordingStrategy: { useOnly: 'INCLUSION_BY_RESOURCE_TYPES' },
});

describe('config_recorder_records_ai_resources', () => {
  it('#1 compliant: recording all supported types is PASS', () => {
    expect(judgeGroup({})?.status).toBe('PASS');
  });

  it('#2 compliant: an inclusion list with every AI type is PASS', () => {
    expect(judgeGroup(inclusion([...AI_RESOURCE_TYPES, 'AWS::S3::Bucket']))?.status).toBe('PASS');
  });

  it('#3 compliant: an older answer with allSupported true and no strategy is PASS', () => {
    expect(judgeGroup({ recordingStrategy: undefined })?.status).toBe('PASS');
  });

  it('#4 non-compliant: an inclusion list without the Bedrock types is FAIL naming them', () => {
    const finding = judgeGroup(inclusion(['AWS::SageMaker::NotebookInstance', 'AWS::SageMaker::Model', 'AWS::SageMaker::Domain']));
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('AWS::Bedrock::Guardrail');
    expect(finding?.reason).toContain('AWS::Bedrock::KnowledgeBase');
    expect(finding?.reason).not.toContain('AWS::SageMaker::Model');
  });

  it('#5 non-compliant: excluding SageMaker notebooks from all types is FAIL', () => {
    const finding = judgeGroup({
      allSupported: false,
      exclusionByResourceTypes: { resourceTypes: ['AWS::SageMaker::NotebookInstance'] },
      recordingStrategy: { useOnly: 'EXCLUSION_BY_RESOURCE_TYPES' },
    });
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('AWS::SageMaker::NotebookInstance');
  });

  it('#6 non-compliant: a stopped recorder records nothing, whatever its group says', () => {
    const finding = judgeGroup({}, { recording: false });
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('no configuration recorder is recording');
  });

  it('#7 insufficient: a recording recorder without a recordingGroup is INSUFFICIENT_EVIDENCE', () => {
    const findings = judge(control, {
      evidence: [recordersEvidence([{ name: 'default' }]), recorderStatusEvidence([recorderStatus('default')])],
      coverage: [complete(RECORDING, 2)],
    });
    expect(findings[0]?.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(findings[0]?.reason).toContain('recordingGroup');
  });

  describeScopeCases({
    control,
    collectors: [RECORDING],
    blockingOperation: { collector: RECORDING, operation: 'DescribeConfigurationRecorders' },
    unrelatedOperation: { collector: RECORDING, operation: 'DescribeDeliveryChannels' },
    passing: (scope) => healthyRecording(scope),
  });
});
