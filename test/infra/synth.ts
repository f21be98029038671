import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PROJECT_ROOT } from '../../infra/function.js';
import { type AiEvidenceApp, buildApp } from '../../infra/main.js';

/** The context `npx cdk synth` gives the app: cdk.json's. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
  return cdkJson.context;
}

/**
 * What every deployment must add to cdk.json's context, as .ci/run's `npx cdk synth` does: an
 * ExternalId of its own (synth refuses cdk.json's placeholder) and, with the accounts from AWS
 * Organizations, the organization's id.
 */
export const DEPLOYMENT_CONTEXT = { externalId: 'ai-evidence-test-external-id', organizationId: 'o-a1b2c3d4e5' } as const;

/** Seventeen commercial regions, as an organization assessing every default-enabled region would list them. */
export const SEVENTEEN_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'sa-east-1',
];

export interface Synthesized extends AiEvidenceApp {
  app: App;
  evidenceTemplate: Template;
  memberTemplate: Template;
}

export interface SynthOptions {
  /** Bundle the functions with esbuild (seconds per function; the templates differ only in asset hashes). */
  bundle?: boolean;
  /**
   * Run CDK's built-in CloudFormation template validation, as `npx cdk synth` does. Its first use
   * in a process takes 20 s or more, so only the test of the validation turns it on.
   */
  cfnValidation?: boolean;
}

/**
 * Builds the app as `npx cdk synth` does (cdk.json's context, {@link DEPLOYMENT_CONTEXT}, then `overrides`) and synthesizes it
 * once, with the cdk-nag pack: an unacknowledged finding throws.
 */
export function synthesize(overrides: Record<string, unknown> = {}, options: SynthOptions = {}): Synthesized {
  const app = new App({
    context: { ...cdkJsonContext(), ...DEPLOYMENT_CONTEXT, ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }), ...overrides },
    builtinCloudFormationValidation: options.cfnValidation ?? false,
  });
  const stacks = buildApp(app);
  return {
    app,
    ...stacks,
    evidenceTemplate: Template.fromStack(stacks.evidence),
    memberTemplate: Template.fromStack(stacks.memberRole),
  };
}

/** The AwsSolutions findings that no acknowledgement covers, as `rule at construct path`. */
export function unacknowledgedNagFindings(app: App): string[] {
  const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(app);
  return report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} (${v.severity}) at ${r.constructPath}`));
}

type Json = Record<string, unknown>;

/**
 * Every IAM statement of the policies of the role with `logicalId`: its inline policies, the
 * AWS::IAM::Policy resources attached to it (DefaultPolicy) and the customer-managed policies CDK
 * moves statements to when a role's policy grows past IAM's size limit (OverflowPolicy).
 */
export function statementsOfRole(template: Template, logicalId: string): Json[] {
  const statements: Json[] = [];
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const policy of Object.values(template.findResources(type))) {
      const props = policy.Properties as { Roles?: { Ref: string }[]; PolicyDocument: { Statement: Json[] } };
      if ((props.Roles ?? []).some((r) => r.Ref === logicalId)) statements.push(...props.PolicyDocument.Statement);
    }
  }
  const role = template.findResources('AWS::IAM::Role')[logicalId];
  if (!role) throw new Error(`No role ${logicalId} in the template.`);
  for (const inline of (role.Properties.Policies ?? []) as { PolicyDocument: { Statement: Json[] } }[]) {
    statements.push(...inline.PolicyDocument.Statement);
  }
  return statements;
}

/** A statement's Action as a list. */
export function actionsOf(statement: Json): string[] {
  const action = statement.Action;
  return Array.isArray(action) ? (action as string[]) : [action as string];
}

/** A statement's Resource as a list. */
export function resourcesOf(statement: Json): unknown[] {
  const resource = statement.Resource;
  return Array.isArray(resource) ? resource : [resource];
}

/** Every action the role's policies allow, sorted. */
export function allowedActions(template: Template, logicalId: string): string[] {
  return [
    ...new Set(
      statementsOfRole(template, logicalId)
        .filter((s) => s.Effect === 'Allow')
        .flatMap(actionsOf),
    ),
  ].sort();
}

/** The logical id CloudFormation knows a construct's resource by. */
export function logicalIdOf(construct: { node: { defaultChild?: unknown } }, stack: { getLogicalId(e: never): string }): string {
  return stack.getLogicalId(construct.node.defaultChild as never);
}

/**
 * The state machine's definition as JSON: the Fn::Join of its DefinitionString with each token
 * written as a readable placeholder (`${Ref:X}`, `${X.Arn}`).
 */
export function stateMachineDefinition(template: Template): Json {
  const machines = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
  if (machines.length !== 1) throw new Error(`Expected one state machine, found ${machines.length}.`);
  const definition = machines[0]?.Properties.DefinitionString as string | { 'Fn::Join': [string, unknown[]] };
  if (typeof definition === 'string') return JSON.parse(definition) as Json;
  const text = definition['Fn::Join'][1]
    .map((part) => {
      if (typeof part === 'string') return part;
      const token = part as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
      if (token.Ref) return `\${Ref:${token.Ref}}`;
      if (token['Fn::GetAtt']) return `\${${token['Fn::GetAtt'][0]}.${token['Fn::GetAtt'][1]}}`;
      throw new Error(`Unexpected token in the definition: ${JSON.stringify(part)}`);
    })
    .join('');
  return JSON.parse(text) as Json;
}

/** The Properties of the resource `logicalId` of `type`, or an error naming it. */
export function propertiesOf(template: Template, type: string, logicalId: string): Json {
  const resource = template.findResources(type)[logicalId];
  if (!resource) throw new Error(`No ${type} ${logicalId} in the template.`);
  return resource.Properties as Json;
}

/** The environment variables of the Lambda function `logicalId`. */
export function environmentOf(template: Template, logicalId: string): Json {
  return (propertiesOf(template, 'AWS::Lambda::Function', logicalId).Environment as { Variables: Json }).Variables;
}
