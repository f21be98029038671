import { describe, expect, it } from 'vitest';
import { control } from '../../lib/controls/agentcore_memory_encrypted_with_cmk.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { complete, findingFor, judge } from '../fixtures/evidence.js';
import { AGENTCORE, agentCoreAnswer, agentCoreEvidence, agentCoreSubject, KEY_ARN, stored } from '../fixtures/supporting.js';

function judgeOne(overrides: Record<string, unknown>) {
  const evidence = agentCoreEvidence('memory', agentCoreAnswer('memory', 'support-chat-memory', overrides));
  const findings = judge(control, { evidence: [evidence], coverage: [complete(AGENTCORE.memory.collector, 1)] });
  return findingFor(findings, evidence.record.resource.id);
}

describe('agentcore_memory_encrypted_with_cmk', () => {
  it('#1 compliant: a memory with encryptionKeyArn is PASS', () => {
    const finding = judgeOne({});
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain(KEY_ARN);
    expect(finding.reason).toContain('support-chat-memory');
  });

  it('#2 non-compliant: a memory without encryptionKeyArn (AWS owned key) is FAIL', () => {
    expect(judgeOne({ encryptionKeyArn: undefined }).status).toBe('FAIL');
  });

  it('#3 gives INSUFFICIENT_EVIDENCE for a GetMemory answer without its memory', () => {
    const arn = AGENTCORE.memory.arn('broken');
    const evidence = stored(
      { collector: AGENTCORE.memory.collector, service: 'bedrock-agentcore-control', operation: 'GetMemory' },
      { type: AGENTCORE.memory.type, id: arn },
      {},
    );
    const findings = judge(control, { evidence: [evidence], coverage: [complete(AGENTCORE.memory.collector, 1)] });
    expect(findingFor(findings, arn).status).toBe('INSUFFICIENT_EVIDENCE');
  });

  describeSharedCases(agentCoreSubject(control, 'memory'));
});
