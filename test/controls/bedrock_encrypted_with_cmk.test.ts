import { describe, expect, it } from 'vitest';
import { control as agentCmk } from '../../lib/controls/bedrock_agent_encrypted_with_cmk.js';
import { control as batchOutputCmk } from '../../lib/controls/bedrock_batch_inference_output_encrypted_with_cmk.js';
import { control as customModelCmk } from '../../lib/controls/bedrock_custom_model_encrypted_with_cmk.js';
import { control as flowCmk } from '../../lib/controls/bedrock_flow_encrypted_with_cmk.js';
import { control as guardrailCmk } from '../../lib/controls/bedrock_guardrail_encrypted_with_cmk.js';
import { control as importedModelCmk } from '../../lib/controls/bedrock_imported_model_encrypted_with_cmk.js';
import { control as dataSourceCmk } from '../../lib/controls/bedrock_knowledge_base_data_source_encrypted_with_cmk.js';
import { control as promptCmk } from '../../lib/controls/bedrock_prompt_encrypted_with_cmk.js';
import type { Control } from '../../lib/controls/types.js';
import type { SealedEvidence } from '../../lib/evidence/record.js';
import {
  AGENT_COLLECTOR,
  agentEvidence,
  agentSubject,
  BATCH_JOB_COLLECTOR,
  batchJobEvidence,
  batchJobSubject,
  batchJobSummary,
  CUSTOM_MODEL_COLLECTOR,
  customModelEvidence,
  customModelSubject,
  DATA_SOURCE_COLLECTOR,
  dataSourceEvidence,
  dataSourceFields,
  dataSourceSubject,
  describedAgent,
  describedCustomModel,
  describedFlow,
  describedGuardrail,
  describedImportedModel,
  describedPrompt,
  FLOW_COLLECTOR,
  flowEvidence,
  flowSubject,
  GUARDRAIL_COLLECTOR,
  guardrailEvidence,
  guardrailSubject,
  IMPORTED_MODEL_COLLECTOR,
  importedModelEvidence,
  importedModelSubject,
  judgeOne,
  keyArn,
  PROMPT_COLLECTOR,
  promptEvidence,
  promptSubject,
} from '../fixtures/bedrock.js';
import { type ControlSubject, describeSharedCases } from '../fixtures/control-cases.js';
import { complete, digestOf, judge } from '../fixtures/evidence.js';

/** A Bedrock resource judged on one KMS key field of its Get/List answer. */
interface KeyedKind {
  control: Control;
  collector: string;
  subject: (control: Control) => ControlSubject;
  /** Evidence of one resource whose answer is compliant but for the key field, which holds `key` (left out for `undefined`, as the API does). */
  withKey: (key: unknown) => SealedEvidence;
  /** What the reason of a FAIL must name: the resource, and where its data is left unprotected. */
  failNames: readonly string[];
}

const BATCH_OUTPUT = 's3://acme-batch/out/';
const batchOutput = (s3OutputDataConfig: Record<string, unknown> | undefined) =>
  batchJobEvidence(batchJobSummary('claims-nightly', { outputDataConfig: s3OutputDataConfig && { s3OutputDataConfig } }));

const KINDS: readonly KeyedKind[] = [
  {
    control: agentCmk,
    collector: AGENT_COLLECTOR,
    subject: agentSubject,
    withKey: (key) => agentEvidence(describedAgent('SUPPORTBOT1', { customerEncryptionKeyArn: key })),
    failNames: ['agent-SUPPORTBOT1', 'AWS owned key'],
  },
  {
    control: customModelCmk,
    collector: CUSTOM_MODEL_COLLECTOR,
    subject: customModelSubject,
    withKey: (key) => customModelEvidence(describedCustomModel('claims-triage-v2', { modelKmsKeyArn: key })),
    failNames: ['claims-triage-v2', 'AWS owned key'],
  },
  {
    control: importedModelCmk,
    collector: IMPORTED_MODEL_COLLECTOR,
    subject: importedModelSubject,
    withKey: (key) => importedModelEvidence(describedImportedModel('FRAUDLLM01', { modelKmsKeyArn: key })),
    failNames: ['FRAUDLLM01', 'AWS owned key'],
  },
  {
    control: flowCmk,
    collector: FLOW_COLLECTOR,
    subject: flowSubject,
    withKey: (key) => flowEvidence(describedFlow('CLAIMFLOW1', { customerEncryptionKeyArn: key })),
    failNames: ['flow-CLAIMFLOW1', 'AWS owned key'],
  },
  {
    control: guardrailCmk,
    collector: GUARDRAIL_COLLECTOR,
    subject: guardrailSubject,
    withKey: (key) => guardrailEvidence(describedGuardrail('gr-keyed', { kmsKeyArn: key })),
    failNames: ['guardrail-gr-keyed', 'AWS owned key'],
  },
  {
    control: promptCmk,
    collector: PROMPT_COLLECTOR,
    subject: promptSubject,
    withKey: (key) => promptEvidence(describedPrompt('PROMPTCLAIM', { customerEncryptionKeyArn: key })),
    failNames: ['prompt-PROMPTCLAIM', 'AWS owned key'],
  },
  {
    control: dataSourceCmk,
    collector: DATA_SOURCE_COLLECTOR,
    subject: dataSourceSubject,
    withKey: (key) =>
      dataSourceEvidence({
        dataSource: dataSourceFields('KBPOLICIES', 'DSHANDBOOK', {
          serverSideEncryptionConfiguration: key === undefined ? undefined : { kmsKeyArn: key },
        }),
      }),
    failNames: ['source-DSHANDBOOK', 'AWS owned key'],
  },
  {
    // A batch job names its key for the output only, and a FAIL names where that output goes.
    control: batchOutputCmk,
    collector: BATCH_JOB_COLLECTOR,
    subject: batchJobSubject,
    withKey: (key) => batchOutput({ s3Uri: BATCH_OUTPUT, ...(key === undefined ? {} : { s3EncryptionKeyId: key }) }),
    failNames: ['batch-claims-nightly', BATCH_OUTPUT],
  },
];

// Named by the bare control id (a `$control.id` title would be quoted and cut at 40 characters).
describe.each(KINDS.map((kind) => [kind.control.id, kind] as const))('%s', (_id, { control, collector, subject, withKey, failNames }) => {
  const judgeKey = (key: unknown) => {
    const evidence = withKey(key);
    return { evidence, finding: judgeOne(control, collector, evidence) };
  };

  it('#1 compliant: a customer managed key ARN is PASS, and the reason names the key', () => {
    // Act
    const { evidence, finding } = judgeKey(keyArn());
    // Assess
    expect(finding.status).toBe('PASS');
    expect(finding.reason).toContain(keyArn());
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  it.each([
    ['#2 non-compliant: no key in the answer', undefined],
    ['#3 non-compliant: an empty key', ''],
  ])('%s is FAIL and names the resource', (_case, key) => {
    // Act
    const { finding } = judgeKey(key);
    // Assess
    expect(finding.status).toBe('FAIL');
    for (const name of failNames) expect(finding.reason).toContain(name);
  });

  it.each([
    ['an object', { arn: keyArn() }],
    ['a number', 42],
  ])('#4 gives INSUFFICIENT_EVIDENCE, not PASS, for a key field that is %s', (_case, key) => {
    // Act
    const { finding } = judgeKey(key);
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
  });

  it('#5 is NOT_APPLICABLE in a region read completely that has none', () => {
    // Act
    const findings = judge(control, { coverage: [complete(collector, 0)] });
    // Assess
    expect(findings.map((f) => f.status)).toEqual(['NOT_APPLICABLE']);
  });

  describeSharedCases(subject(control));
});

describe('bedrock_batch_inference_output_encrypted_with_cmk, the output setting itself', () => {
  it('#6 gives INSUFFICIENT_EVIDENCE, not PASS, for a job without outputDataConfig (the API always returns it)', () => {
    // Act
    const finding = judgeOne(batchOutputCmk, BATCH_JOB_COLLECTOR, batchOutput(undefined));
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
  });
});

describe('bedrock_knowledge_base_data_source_encrypted_with_cmk, the encryption setting itself', () => {
  it('is FAIL for a serverSideEncryptionConfiguration without a key', () => {
    // Act
    const evidence = dataSourceEvidence({ dataSource: dataSourceFields('KB1', 'DS1', { serverSideEncryptionConfiguration: {} }) });
    const finding = judgeOne(dataSourceCmk, DATA_SOURCE_COLLECTOR, evidence);
    // Assess
    expect(finding.status).toBe('FAIL');
    expect(finding.reason).toContain('knowledge base KB1');
  });

  it('is INSUFFICIENT_EVIDENCE for a serverSideEncryptionConfiguration that is not an object', () => {
    // Act
    const evidence = dataSourceEvidence({ dataSource: dataSourceFields('KB1', 'DS1', { serverSideEncryptionConfiguration: 'aws:kms' }) });
    const finding = judgeOne(dataSourceCmk, DATA_SOURCE_COLLECTOR, evidence);
    // Assess
    expect(finding.status).toBe('INSUFFICIENT_EVIDENCE');
  });

  it('is INSUFFICIENT_EVIDENCE for a GetDataSource answer without its dataSource', () => {
    // Act
    const evidence = dataSourceEvidence({ dataSource: dataSourceFields('KB1', 'DS1') });
    const stripped = { ...evidence, record: { ...evidence.record, data: {} } };
    const [finding] = judge(dataSourceCmk, { evidence: [stripped], coverage: [complete(DATA_SOURCE_COLLECTOR, 1)] });
    // Assess
    expect(finding?.status).toBe('INSUFFICIENT_EVIDENCE');
    expect(finding?.reason).toContain('no dataSource');
  });
});
