import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog } from '../../lib/controls/index.js';
import type { ControlMetadata, Finding } from '../../lib/controls/types.js';
import {
  ASFF_LIMITS,
  type AsffContext,
  asffId,
  asffResourceType,
  asffTags,
  COMPLIANCE_STATUS,
  charLength,
  clip,
  partitionOf,
  productArnOf,
  toAsff,
} from '../../lib/publish/asff.js';
import { AsffFindingSchema, asffBytes, asffProblems } from '../../lib/publish/asff-schema.js';
import { readRunToPublish } from '../../lib/publish/run.js';
import type { RunToPublish } from '../../lib/publish/securityhub.js';
import { batches, contentOf } from '../../lib/publish/securityhub.js';
import { sharedDemoStore } from '../helpers/demo-store.js';
import { TempDirs } from '../helpers/temp.js';
import { ACCOUNT, finding, REGION, run, STARTED_AT, sealed, TEST_CONTROL } from './fixtures.js';

const REQUIRED = [
  'SchemaVersion',
  'Id',
  'ProductArn',
  'GeneratorId',
  'AwsAccountId',
  'Types',
  'CreatedAt',
  'UpdatedAt',
  'Severity',
  'Title',
  'Description',
  'Resources',
] as const;

function context(accountId: string, region: string, control: ControlMetadata | undefined, r: RunToPublish): AsffContext {
  return {
    accountId,
    region,
    productArn: productArnOf(partitionOf(region), region, accountId),
    run: r.link,
    control,
    createdAt: r.startedAt,
    observedAt: r.startedAt,
    updatedAt: '2026-11-26T13:00:00.000Z',
  };
}

describe('ASFF findings of the demo run', () => {
  const temp = new TempDirs();
  let demo: RunToPublish;
  beforeAll(async () => {
    const store = await sharedDemoStore(await temp.make('asff'), 1);
    demo = await readRunToPublish(store.store, store.runs[0]?.runId as string);
  });
  afterAll(() => temp.removeAll());

  it('builds a finding that has every required ASFF field and fits every limit, for every finding of every status', () => {
    const statuses = new Set(demo.findings.map((f) => f.finding.status));
    expect([...statuses].sort()).toEqual(['FAIL', 'INSUFFICIENT_EVIDENCE', 'NOT_APPLICABLE', 'PASS']);
    for (const s of demo.findings) {
      const control = catalog.find((c) => c.id === s.finding.controlId);
      const asff = toAsff(s, context(s.finding.accountId, s.finding.region, control, demo));
      expect(asffProblems(asff), `${s.key}`).toBeUndefined();
      for (const field of REQUIRED) expect(asff[field], field).toBeDefined();
      expect(asff.Compliance?.Status).toBe(COMPLIANCE_STATUS[s.finding.status]);
      expect(asff.Compliance?.RelatedRequirements).toEqual(
        expect.arrayContaining([
          ...(control?.aiRmf ?? []).map((id) => `NIST AI RMF 1.0/${id}`),
          ...(control?.cafAi ?? []).map((id) => `AWS CAF-AI/${id}`),
        ]),
      );
      expect(asff.ProductFields?.['ai-evidence/FindingSha256']).toBe(s.sha256);
      expect(asff.ProductFields?.['ai-evidence/FindingKey']).toBe(s.key);
      expect(asff.ProductFields?.['ai-evidence/RunId']).toBe(demo.link.runId);
      expect(asff.ProductFields?.['ai-evidence/StatementKey']).toBe(`runs/${demo.link.runId}/statement.dsse.json`);
      expect(asff.Resources?.[0]).toMatchObject({ Id: s.finding.resource.id, Partition: 'aws', Region: s.finding.region });
    }
  });

  it("carries the sealed tags of each finding's resource in Resources[].Tags, owner-like first and within the limits", () => {
    expect(demo.tags?.size).toBeGreaterThan(0);
    let tagged = 0;
    for (const s of demo.findings) {
      const tags = demo.tags?.get(s.finding.resource.id);
      const control = catalog.find((c) => c.id === s.finding.controlId);
      const asff = toAsff(s, { ...context(s.finding.accountId, s.finding.region, control, demo), tags });
      expect(asffProblems(asff), s.key).toBeUndefined();
      expect(asff.Resources?.[0]?.Tags).toEqual(asffTags(tags).tags);
      if (tags !== undefined) tagged++;
    }
    expect(tagged).toBeGreaterThan(0);
    const notebook = demo.findings.find((s) =>
      s.finding.resource.id.endsWith(':notebook-instance/genai-prototyping'),
    ) as (typeof demo.findings)[number];
    const asff = toAsff(notebook, { ...context(ACCOUNT, REGION, undefined, demo), tags: demo.tags?.get(notebook.finding.resource.id) });
    expect(Object.entries(asff.Resources?.[0]?.Tags ?? {})).toEqual([
      ['Owner', 'ml-platform-team'],
      ['CostCenter', 'CC-4410'],
      ['Environment', 'sandbox'],
    ]);
    // The demo's aws: tag is left out and counted.
    const job = demo.findings.find((s) =>
      s.finding.resource.id.endsWith(':training-job/claims-triage-train-2026-10-15'),
    ) as (typeof demo.findings)[number];
    const jobAsff = toAsff(job, { ...context(ACCOUNT, REGION, undefined, demo), tags: demo.tags?.get(job.finding.resource.id) });
    expect(jobAsff.Resources?.[0]?.Tags).toEqual({ Team: 'claims-ml' });
    expect(jobAsff.ProductFields?.['ai-evidence/ResourceTagsOmitted']).toBe('1');
  });

  it('gives every finding of the run its own Id', () => {
    const ids = demo.findings.map((s) => asffId(s.finding));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the ASFF schema', () => {
  const r = run([finding('nb-1')]);
  const valid = toAsff(sealed(finding('nb-1')), context(ACCOUNT, REGION, TEST_CONTROL, r));

  it('accepts a finding we build', () => {
    expect(AsffFindingSchema.safeParse(valid).success).toBe(true);
  });

  it.each(REQUIRED)('refuses a finding without %s', (field) => {
    const { [field]: _removed, ...rest } = valid;
    expect(asffProblems(rest)).toContain(field);
  });

  it('refuses values over the ASFF limits', () => {
    expect(asffProblems({ ...valid, Title: 'x'.repeat(257) })).toContain('Title');
    expect(asffProblems({ ...valid, Description: 'x'.repeat(1025) })).toContain('Description');
    expect(asffProblems({ ...valid, Id: 'x'.repeat(513) })).toContain('Id');
    expect(asffProblems({ ...valid, Types: ['Made Up/Category/x'] })).toContain('Types');
    expect(
      asffProblems({ ...valid, Compliance: { Status: 'FAILED', RelatedRequirements: Array.from({ length: 33 }, (_, i) => `r${i}`) } }),
    ).toContain('RelatedRequirements');
    const fields = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    expect(asffProblems({ ...valid, ProductFields: fields })).toContain('ProductFields');
    expect(asffProblems({ ...valid, Resources: [] })).toContain('Resources');
    expect(asffProblems({ ...valid, Title: '   ' })).toContain('Title');
    expect(asffProblems({ ...valid, UpdatedAt: '2026-11-26 13:00' })).toContain('UpdatedAt');
  });

  it('refuses resource tags over the limits of AWS tag naming', () => {
    const resource = valid.Resources?.[0];
    const withTags = (Tags: Record<string, string>) => ({ ...valid, Resources: [{ ...resource, Tags }] });
    expect(asffProblems(withTags({ Owner: 'team' }))).toBeUndefined();
    expect(asffProblems(withTags({ ['k'.repeat(129)]: 'v' }))).toContain('Tags');
    expect(asffProblems(withTags({ k: 'v'.repeat(257) }))).toContain('Tags');
    expect(asffProblems(withTags({ k: ' ' }))).toContain('Tags');
    expect(asffProblems(withTags(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']))))).toContain('Tags');
  });

  it("keeps of a resource's tags only what fits, owner-like first, and counts the rest", () => {
    const many = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${String(i).padStart(2, '0')}`, 'v']));
    const { tags, omitted } = asffTags({
      ...many,
      Owner: 'ml-team',
      'aws:cloudformation:stack-name': 'stack',
      empty: '',
      long: 'x'.repeat(257),
      ['y'.repeat(129)]: 'v',
    });
    expect(Object.keys(tags ?? {})).toHaveLength(50);
    expect(Object.keys(tags ?? {})[0]).toBe('Owner');
    expect(tags).not.toHaveProperty('aws:cloudformation:stack-name');
    expect(tags).not.toHaveProperty('empty');
    expect(omitted).toBe(60 + 1 + 4 - 50);
    expect(asffTags({ 'aws:x': 'y' })).toEqual({ tags: undefined, omitted: 1 });
    expect(asffTags(undefined)).toEqual({ tags: undefined, omitted: 0 });
    const asff = toAsff(sealed(finding('nb-1')), {
      ...context(ACCOUNT, REGION, TEST_CONTROL, r),
      tags: { Owner: '<script>alert(1)</script>' },
    });
    // ASFF is JSON for Security Hub: the value goes as AWS returned it.
    expect(asff.Resources?.[0]?.Tags).toEqual({ Owner: '<script>alert(1)</script>' });
    expect(asffProblems(asff)).toBeUndefined();
  });

  it('counts a change of tags as a change of what a finding says, and no tags as before tags were sent', () => {
    const base = toAsff(sealed(finding('nb-1')), context(ACCOUNT, REGION, TEST_CONTROL, r));
    const tagged = toAsff(sealed(finding('nb-1')), { ...context(ACCOUNT, REGION, TEST_CONTROL, r), tags: { Owner: 'a' } });
    const retagged = toAsff(sealed(finding('nb-1')), { ...context(ACCOUNT, REGION, TEST_CONTROL, r), tags: { Owner: 'b' } });
    expect(base.Resources?.[0]).not.toHaveProperty('Tags');
    expect(contentOf(tagged)).not.toBe(contentOf(base));
    expect(contentOf(tagged)).not.toBe(contentOf(retagged));
    expect(
      contentOf({
        ...tagged,
        Resources: [{ ...tagged.Resources?.[0], Tags: { Owner: 'a' } } as NonNullable<typeof tagged.Resources>[number]],
      }),
    ).toBe(contentOf(tagged));
  });

  it('refuses a finding over 240 KB', () => {
    const big = { ...valid, Resources: [{ ...valid.Resources?.[0], Id: 'x'.repeat(ASFF_LIMITS.findingBytes) }] };
    expect(asffProblems(big)).toMatch(/bytes, over the 245760 bytes/);
  });
});

describe('toAsff', () => {
  const r = run([]);

  it('cuts long texts to the ASFF limits and keeps the finding valid', () => {
    const long: ControlMetadata = {
      ...TEST_CONTROL,
      title: 'T'.repeat(400),
      rationale: 'R'.repeat(2000),
      remediation: 'M'.repeat(900),
      aiRmf: Array.from({ length: 30 }, (_, i) => `MEASURE 2.${i}`),
      cafAi: ['a', 'b', 'c'],
      iso42001: ['A.4.5', 'A.6.2'],
    };
    const f = finding('nb-1', 'FAIL', { reason: `${'é'.repeat(3000)}.` });
    const asff = toAsff(sealed(f), context(ACCOUNT, REGION, long, r));
    expect(asffProblems(asff)).toBeUndefined();
    expect(charLength(asff.Title as string)).toBe(ASFF_LIMITS.titleLength);
    expect(charLength(asff.Description as string)).toBe(ASFF_LIMITS.descriptionLength);
    expect(charLength(asff.Remediation?.Recommendation?.Text as string)).toBe(ASFF_LIMITS.recommendationTextLength);
    // 30 AI RMF + 3 CAF-AI + 2 ISO: every CAF-AI id, 29 AI RMF ids, no ISO; all of them in ProductFields.
    expect(asff.Compliance?.RelatedRequirements).toHaveLength(32);
    expect(asff.Compliance?.RelatedRequirements?.slice(-3)).toEqual(['AWS CAF-AI/a', 'AWS CAF-AI/b', 'AWS CAF-AI/c']);
    expect(asff.ProductFields?.['ai-evidence/RelatedRequirementsTruncated']).toBe('true');
    expect(asff.ProductFields?.['ai-evidence/Iso42001']).toBe('A.4.5, A.6.2');
  });

  it('never cuts a character in half', () => {
    expect(clip('😀😀😀', 2)).toBe('😀…');
    expect(clip('abc', 3)).toBe('abc');
  });

  it('maps our four statuses to Compliance.Status, severity and the initial workflow', () => {
    const cases = [
      ['PASS', 'PASSED', 'INFORMATIONAL', 'RESOLVED'],
      ['FAIL', 'FAILED', 'HIGH', 'NEW'],
      ['INSUFFICIENT_EVIDENCE', 'WARNING', 'HIGH', 'NEW'],
      ['NOT_APPLICABLE', 'NOT_AVAILABLE', 'INFORMATIONAL', 'RESOLVED'],
    ] as const;
    for (const [status, compliance, label, workflow] of cases) {
      const asff = toAsff(sealed(finding('nb-1', status)), context(ACCOUNT, REGION, TEST_CONTROL, r));
      expect(asff.Compliance?.Status, status).toBe(compliance);
      expect(asff.Severity, status).toEqual({ Label: label, Original: 'HIGH' });
      expect(asff.FindingProviderFields?.Severity, status).toEqual({ Label: label, Original: 'HIGH' });
      expect(asff.Workflow?.Status, status).toBe(workflow);
      expect(asff.Compliance?.StatusReasons?.[0]?.ReasonCode).toBe(status);
    }
  });

  it('keeps CreatedAt from the context and sets UpdatedAt to now', () => {
    const asff = toAsff(sealed(finding('nb-1')), { ...context(ACCOUNT, REGION, TEST_CONTROL, r), createdAt: '2026-01-01T00:00:00.000Z' });
    expect(asff.CreatedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(asff.FirstObservedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(asff.LastObservedAt).toBe(STARTED_AT);
    expect(asff.UpdatedAt).toBe('2026-11-26T13:00:00.000Z');
  });

  it('describes a finding whose control left the catalog from the finding alone', () => {
    const asff = toAsff(sealed(finding('nb-1', 'FAIL', { controlId: 'retired_control_x' })), context(ACCOUNT, REGION, undefined, r));
    expect(asffProblems(asff)).toBeUndefined();
    expect(asff.Title).toBe('retired_control_x');
    expect(asff.GeneratorId).toBe('ai-evidence/retired_control_x');
  });

  it('uses Other, with the original type, for a resource type ASFF does not define', () => {
    const f = finding('cfg', 'PASS', {
      resource: { type: 'AWS::Bedrock::ModelInvocationLoggingConfiguration', id: `arn:aws:::${ACCOUNT}:region/${REGION}` },
    });
    const asff = toAsff(sealed(f), context(ACCOUNT, REGION, TEST_CONTROL, r));
    expect(asff.Resources?.[0]?.Type).toBe('Other');
    expect(asff.Resources?.[0]?.Details?.Other).toEqual({
      'ai-evidence/ResourceType': 'AWS::Bedrock::ModelInvocationLoggingConfiguration',
    });
    expect(asffProblems(asff)).toBeUndefined();
  });
});

describe('Ids, types and partitions', () => {
  it('gives the same Id to the same control and resource in every run, and another to any other', () => {
    const a = finding('nb-1', 'FAIL');
    const fixed: Finding = { ...a, status: 'PASS', reason: 'fixed.' };
    expect(asffId(a)).toBe(asffId(fixed));
    expect(asffId(a)).not.toBe(asffId(finding('nb-2')));
    expect(asffId(a)).not.toBe(asffId({ ...a, controlId: 'sagemaker_notebook_in_vpc_subnet' }));
    expect(asffId(a)).not.toBe(asffId({ ...a, region: 'eu-west-1' }));
  });

  it('keeps the Id within 512 characters for the longest resource id', () => {
    const id = asffId(finding('nb', 'FAIL', { resource: { type: 'AWS::S3::Bucket', id: `arn:aws:s3:::${'b'.repeat(2000)}` } }));
    expect(id.length).toBeLessThanOrEqual(ASFF_LIMITS.idLength);
  });

  it('names resource types as ASFF does', () => {
    expect(asffResourceType('AWS::SageMaker::NotebookInstance')).toBe('AwsSageMakerNotebookInstance');
    expect(asffResourceType('AWS::IAM::Role')).toBe('AwsIamRole');
    expect(asffResourceType('AWS::KMS::Key')).toBe('AwsKmsKey');
    expect(asffResourceType('AWS::EC2::Vpc')).toBe('AwsEc2Vpc');
    expect(asffResourceType('AWS::S3::Bucket')).toBe('AwsS3Bucket');
    expect(asffResourceType('AWS::::Account')).toBe('AwsAccount');
    expect(asffResourceType('AWS::Bedrock::Guardrail')).toBe('Other');
    expect(asffResourceType('not a type')).toBe('Other');
  });

  it('derives the partition and the default product ARN from the region', () => {
    expect(partitionOf('us-east-1')).toBe('aws');
    expect(partitionOf('cn-north-1')).toBe('aws-cn');
    expect(partitionOf('us-gov-west-1')).toBe('aws-us-gov');
    expect(productArnOf('aws-cn', 'cn-north-1', ACCOUNT)).toBe(`arn:aws-cn:securityhub:cn-north-1:${ACCOUNT}:product/${ACCOUNT}/default`);
  });
});

describe('batches', () => {
  it('puts at most 100 findings in a request', () => {
    const sizes = batches(Array.from({ length: 250 }, (_, i) => ({ i }))).map((b) => b.length);
    expect(sizes).toEqual([100, 100, 50]);
  });

  it('keeps every request under the size limit', () => {
    const big = Array.from({ length: 60 }, (_, i) => ({ i, pad: 'x'.repeat(200 * 1024) }));
    const result = batches(big);
    expect(result.flat()).toHaveLength(60);
    for (const b of result) expect(asffBytes({ Findings: b })).toBeLessThanOrEqual(ASFF_LIMITS.batchBytes);
    expect(result.length).toBeGreaterThan(1);
  });
});
