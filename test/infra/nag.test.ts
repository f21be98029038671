import { App } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../infra/main.js';
import { cdkJsonContext, DEPLOYMENT_CONTEXT, SEVENTEEN_REGIONS, synthesize, unacknowledgedNagFindings } from './synth.js';

// A synth takes a second or two, several under load: more than vitest's default 5 s and 10 s allow.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

type Metadata = { cdk_nag?: { rules_to_suppress: { id: string; reason: string }[] } };

function acknowledgements(templates: { toJSON(): Record<string, unknown> }[]): { resource: string; id: string; reason: string }[] {
  return templates.flatMap((t) =>
    Object.entries(t.toJSON().Resources as Record<string, { Metadata?: Metadata }>).flatMap(([resource, r]) =>
      (r.Metadata?.cdk_nag?.rules_to_suppress ?? []).map((rule) => ({ resource, ...rule })),
    ),
  );
}

describe('cdk-nag AwsSolutions', () => {
  it('reports nothing unacknowledged in either stack with the default configuration', () => {
    const synth = synthesize();
    expect(unacknowledgedNagFindings(synth.app)).toEqual([]);
  });

  it('reports nothing unacknowledged with accounts, an organization, a prefix and readers configured', () => {
    const synth = synthesize({
      targetAccounts: '111122223333',
      organizationId: 'o-abcdefghij',
      evidencePrefix: 'ai/evidence/',
      evidenceReaderArns: 'arn:aws:iam::111122223333:role/Auditors',
      targetRegions: 'eu-west-1',
    });
    expect(unacknowledgedNagFindings(synth.app)).toEqual([]);
  });

  it('reports nothing unacknowledged with the member publish role, with accounts from AWS Organizations or configured', () => {
    expect(unacknowledgedNagFindings(synthesize({ memberPublishRole: true }).app)).toEqual([]);
    expect(unacknowledgedNagFindings(synthesize({ memberPublishRole: true, targetAccounts: '111122223333' }).app)).toEqual([]);
  });

  it("reports nothing unacknowledged when the collect role's policy overflows into managed policies (1,000 accounts × 17 regions)", () => {
    const accounts = Array.from({ length: 1000 }, (_, i) => String(100_000_000_000 + i));
    const synth = synthesize({ targetAccounts: accounts, targetRegions: SEVENTEEN_REGIONS });
    const overflow = Object.keys(synth.evidenceTemplate.findResources('AWS::IAM::ManagedPolicy'));
    expect(overflow.length).toBeGreaterThan(0);
    expect(unacknowledgedNagFindings(synth.app)).toEqual([]);
  });

  it('every acknowledgement names its finding and gives a reason, recorded in the template', () => {
    const synth = synthesize();
    const acks = acknowledgements([synth.evidenceTemplate, synth.memberTemplate]);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.id, ack.resource).toMatch(/^AwsSolutions-[A-Z0-9]+(\[.+\])?$/);
      expect(ack.reason.length, `${ack.resource} ${ack.id}`).toBeGreaterThanOrEqual(60);
    }
    // Only wildcard findings (IAM5, each naming its resource) and the log bucket's own logging are acknowledged.
    const rules = [...new Set(acks.map((a) => a.id.replace(/\[.*$/, '')))].sort();
    expect(rules).toEqual(['AwsSolutions-IAM5', 'AwsSolutions-S1']);
    expect(acks.filter((a) => a.id.startsWith('AwsSolutions-IAM5')).every((a) => /\[Resource::.+\]$/.test(a.id))).toBe(true);
  });

  it('fails the synth for a finding nobody acknowledged', () => {
    const app = new App({
      context: { ...cdkJsonContext(), ...DEPLOYMENT_CONTEXT, 'aws:cdk:bundling-stacks': [] },
      builtinCloudFormationValidation: false,
    });
    const { evidence } = buildApp(app);
    new s3.Bucket(evidence, 'UnloggedBucket', { enforceSSL: true });
    const findings = unacknowledgedNagFindings(app);
    expect(findings).toContainEqual(expect.stringMatching(/^AwsSolutions-S1 \(error\) at AiEvidence\/UnloggedBucket\/Resource$/));
    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
  });
});
