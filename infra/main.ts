import { type App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readDeployConfig } from './config.js';
import { EvidenceStack } from './evidence-stack.js';
import { MemberRoleStack } from './member-role-stack.js';

export const EVIDENCE_STACK_NAME = 'AiEvidence';
export const MEMBER_ROLE_STACK_NAME = 'AiEvidenceMemberRole';

export interface AiEvidenceApp {
  evidence: EvidenceStack;
  memberRole: MemberRoleStack;
}

/**
 * Adds both stacks to `app`, configured from its context, with the cdk-nag AwsSolutions pack:
 * a finding that is not acknowledged with a reason fails the synth. The stacks are
 * environment-agnostic, so synth needs no account and makes no lookup.
 */
export function buildApp(app: App): AiEvidenceApp {
  const config = readDeployConfig(app.node);
  const evidence = new EvidenceStack(app, EVIDENCE_STACK_NAME, {
    config,
    description: 'ai-evidence: scheduled evidence collection, KMS-signed runs in S3 Object Lock, Security Hub findings.',
  });
  const memberRole = new MemberRoleStack(app, MEMBER_ROLE_STACK_NAME, { config });
  Tags.of(app).add('project', 'ai-evidence');
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }));
  return { evidence, memberRole };
}
