import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/config_recorder_enabled.js';
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

function judgeRecorders(recorders: Record<string, unknown>[], statuses: Record<string, unknown>[]) {
  const findings = judge(control, {
    evidence: [recordersEvidence(recorders), recorderStatusEvidence(statuses)],
    coverage: [complete(RECORDING, 2)],
  });
  expect(findings).toHaveLength(1);
  return findings[0];
}

describe('config_recorder_enabled', () => {
  it('#1 compliant: a recorder that is recording is PASS and is named', () => {
    const finding = judgeRecorders([recorder('default')], [recorderStatus('default')]);
    expect(finding).toMatchObject({ status: 'PASS' });
    expect(finding?.reason).toContain('default');
  });

  it('#2 compliant: one recording recorder among stopped ones is PASS', () => {
    const finding = judgeRecorders(
      [recorder('old'), recorder('main')],
      [recorderStatus('old', { recording: false }), recorderStatus('main')],
    );
    expect(finding?.status).toBe('PASS');
    expect(finding?.reason).toContain('main');
  });

  it('#3 non-compliant: no recorder at all is FAIL', () => {
    const finding = judgeRecorders([], []);
    expect(finding).toMatchObject({ status: 'FAIL', severity: 'HIGH' });
    expect(finding?.reason).toContain('no configuration recorder');
  });

  it('#4 non-compliant: a stopped recorder is FAIL', () => {
    const finding = judgeRecorders([recorder('default')], [recorderStatus('default', { recording: false })]);
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('default is stopped');
  });

  it('#5 non-compliant: a recorder whose last recording failed is FAIL with its error code', () => {
    const finding = judgeRecorders(
      [recorder('default')],
      [recorderStatus('default', { lastStatus: 'Failure', lastErrorCode: 'AccessDenied' })],
    );
    expect(finding?.status).toBe('FAIL');
    expect(finding?.reason).toContain('AccessDenied');
  });

  it('#6 insufficient: a recorder without any status is INSUFFICIENT_EVIDENCE, never PASS', () => {
    const finding = judgeRecorders([recorder('default')], []);
    expect(finding?.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding?.reason).toContain('default');
  });

  it('#7 insufficient: an answer without the ConfigurationRecorders list is INSUFFICIENT_EVIDENCE naming the field', () => {
    const [bad] = [recordersEvidence([])];
    const broken = { ...bad, record: { ...bad.record, data: {} } } as typeof bad;
    const findings = judge(control, { evidence: [broken, recorderStatusEvidence([])], coverage: [complete(RECORDING, 2)] });
    expect(findings[0]?.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(findings[0]?.reason).toContain('ConfigurationRecorders');
  });

  it('is not blocked by a failed delivery channel read, which it does not rest on', () => {
    const evidence = healthyRecording().slice(0, 2);
    const findings = judge(control, {
      evidence,
      coverage: [
        {
          collector: RECORDING,
          accountId: '111122223333',
          region: 'eu-west-1',
          status: 'FAILED',
          records: 2,
          errors: [{ operation: 'DescribeDeliveryChannelStatus', kind: 'ACCESS_DENIED', code: 'AccessDeniedException', message: 'no' }],
        },
      ],
    });
    expect(findings[0]?.status).toBe('PASS');
  });

  describeScopeCases({
    control,
    collectors: [RECORDING],
    blockingOperation: { collector: RECORDING, operation: 'DescribeConfigurationRecorderStatus' },
    unrelatedOperation: { collector: RECORDING, operation: 'DescribeDeliveryChannelStatus' },
    passing: (scope) => healthyRecording(scope),
  });
});
