import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { PROJECT_ROOT } from '../../infra/function.js';
import { memberRoleActions } from '../../infra/member-actions.js';
import { collectors } from '../../lib/collectors/index.js';
import { PUBLISH_IAM_ACTIONS, RESOLVE_WORKFLOW_IAM_ACTION } from '../../lib/publish/securityhub.js';
import {
  actionsOf,
  allowedActions,
  environmentOf,
  logicalIdOf,
  propertiesOf,
  resourcesOf,
  type Synthesized,
  statementsOfRole,
  synthesize,
} from './synth.js';

// A synth takes a second or two, several under load: more than vitest's default 5 s and 10 s allow.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

type Json = Record<string, unknown>;

let synth: Synthesized;
let template: Template;
let roles: Record<'listTargets' | 'collect' | 'sealShard' | 'seal' | 'publish' | 'export', string>;
let refs: { evidence: string; staging: string; exportBucket: string; attestations: string; signingKey: string; dataKey: string };

const LOGS = ['logs:CreateLogStream', 'logs:PutLogEvents'];

/** What the collectors declare, computed here independently of infra/member-actions.ts. */
const collectorActions = () => [...new Set(collectors.flatMap((c) => [...c.actions]))].sort();

beforeAll(() => {
  synth = synthesize();
  template = synth.evidenceTemplate;
  const e = synth.evidence;
  const id = (c: { node: { defaultChild?: unknown } }) => logicalIdOf(c, e);
  roles = {
    listTargets: id(e.listTargets.role),
    collect: id(e.collect.role),
    sealShard: id(e.sealShard.role),
    seal: id(e.evaluateAndSeal.role),
    publish: id(e.publish.role),
    export: id(e.export.role),
  };
  refs = {
    evidence: id(e.storage.evidenceBucket),
    staging: id(e.storage.stagingBucket),
    exportBucket: id(e.storage.exportBucket),
    attestations: id(e.storage.attestationsBucket),
    signingKey: id(e.storage.signingKey),
    dataKey: id(e.storage.dataKey),
  };
});

const arnOf = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });
const objectsOf = (logicalId: string, pattern: string) => ({ 'Fn::Join': ['', [arnOf(logicalId), `/${pattern}`]] });

/** The resources of the statements of `role` that allow `action`. */
function resourcesFor(t: Template, role: string, action: string): unknown[] {
  return statementsOfRole(t, role)
    .filter((s) => s.Effect === 'Allow' && actionsOf(s).includes(action))
    .flatMap(resourcesOf);
}

/** Every Allow statement of every IAM policy and role of a template, with its owner. */
function everyStatement(t: Template): { owner: string; statement: Json }[] {
  const out: { owner: string; statement: Json }[] = [];
  for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']) {
    for (const [id, policy] of Object.entries(t.findResources(type))) {
      for (const statement of (policy.Properties.PolicyDocument as { Statement: Json[] }).Statement) out.push({ owner: id, statement });
    }
  }
  for (const [id, role] of Object.entries(t.findResources('AWS::IAM::Role'))) {
    for (const inline of (role.Properties.Policies ?? []) as { PolicyDocument: { Statement: Json[] } }[]) {
      for (const statement of inline.PolicyDocument.Statement) out.push({ owner: id, statement });
    }
  }
  return out;
}

/** A member role's trust policy: the home account, on condition of the ExternalId and of being the role named by the template parameter `roleParameter`. */
function trustOfHomeRole(roleParameter: string): Json[] {
  return [
    {
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'HomeAccountId' }, ':root']] } },
      Condition: {
        StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } },
        ArnEquals: {
          'aws:PrincipalArn': {
            'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'HomeAccountId' }, ':role/', { Ref: roleParameter }]],
          },
        },
      },
    },
  ];
}

describe('least privilege of the functions', () => {
  it('each role allows exactly what its function calls', () => {
    expect(allowedActions(template, roles.listTargets)).toEqual(
      [...LOGS, 'kms:GenerateDataKey', 'organizations:ListAccounts', 's3:PutObject'].sort(),
    );
    expect(allowedActions(template, roles.collect)).toEqual(
      [...new Set([...LOGS, 'kms:GenerateDataKey', 's3:PutObject', 'sts:AssumeRole', ...collectorActions()])].sort(),
    );
    expect(allowedActions(template, roles.sealShard)).toEqual(
      [...LOGS, 'kms:Decrypt', 'kms:GenerateDataKey', 's3:GetObject', 's3:ListBucket', 's3:PutObject', 's3:PutObjectRetention'].sort(),
    );
    expect(allowedActions(template, roles.seal)).toEqual(
      [
        ...LOGS,
        'kms:Decrypt',
        'kms:GenerateDataKey',
        'kms:GetPublicKey',
        'kms:Sign',
        's3:GetObject',
        's3:ListBucket',
        's3:PutObject',
        's3:PutObjectRetention',
      ].sort(),
    );
    expect(allowedActions(template, roles.publish)).toEqual(
      [...LOGS, 'kms:Decrypt', 's3:GetObject', 's3:ListBucket', ...PUBLISH_IAM_ACTIONS].sort(),
    );
    expect(allowedActions(template, roles.export)).toEqual(
      [...LOGS, 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:GetPublicKey', 's3:GetObject', 's3:ListBucket', 's3:PutObject'].sort(),
    );
  });

  it('no IAM statement of either stack allows a wildcard action, and no role has a managed policy', () => {
    for (const t of [template, synth.memberTemplate]) {
      for (const { owner, statement } of everyStatement(t)) {
        for (const action of actionsOf(statement)) expect(action, owner).not.toContain('*');
      }
      for (const role of Object.values(t.findResources('AWS::IAM::Role'))) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('only evaluate-and-seal may sign, and only with the signing key', () => {
    const signers = everyStatement(template).filter(({ statement }) => actionsOf(statement).includes('kms:Sign'));
    expect(signers.map((s) => s.owner)).toHaveLength(1);
    expect(resourcesFor(template, roles.seal, 'kms:Sign')).toEqual([arnOf(refs.signingKey)]);
    expect(resourcesFor(template, roles.export, 'kms:GetPublicKey')).toEqual([arnOf(refs.signingKey)]);
  });

  it('collect can assume only the member role, and with configured accounts only in those accounts', () => {
    const memberRole = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/AiEvidenceReadOnly']] };
    expect(resourcesFor(template, roles.collect, 'sts:AssumeRole')).toEqual([memberRole]);
    const assumers = everyStatement(template).filter(({ statement }) => actionsOf(statement).includes('sts:AssumeRole'));
    expect(assumers.map((a) => template.findResources('AWS::IAM::Policy')[a.owner]?.Properties.Roles)).toEqual([[{ Ref: roles.collect }]]);

    const other = synthesize({ targetAccounts: '111122223333,444455556666', organizationId: 'o-abcdefghij' });
    const collect = logicalIdOf(other.evidence.collect.role, other.evidence);
    const statement = statementsOfRole(other.evidenceTemplate, collect).find((s) => actionsOf(s).includes('sts:AssumeRole'));
    expect(resourcesOf(statement as Json)).toEqual(
      ['111122223333', '444455556666'].map((account) => ({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${account}:role/AiEvidenceReadOnly`]],
      })),
    );
    expect(statement?.Condition).toEqual({ StringEquals: { 'aws:ResourceOrgID': 'o-abcdefghij' } });
    // With the accounts given, list-targets needs no permission beyond its logs and writing the run's targets.
    expect(allowedActions(other.evidenceTemplate, logicalIdOf(other.evidence.listTargets.role, other.evidence))).toEqual(
      [...LOGS, 'kms:GenerateDataKey', 's3:PutObject'].sort(),
    );
    // From AWS Organizations (the default), any account's member role, but only inside the organization.
    const fromOrg = statementsOfRole(template, roles.collect).find((s) => actionsOf(s).includes('sts:AssumeRole'));
    expect(fromOrg?.Condition).toEqual({ StringEquals: { 'aws:ResourceOrgID': 'o-a1b2c3d4e5' } });
  });

  it('collect writes only staged objects; seal-shard only shards and their summaries; nothing else but evaluate-and-seal writes to the evidence bucket', () => {
    expect(resourcesFor(template, roles.collect, 's3:PutObject')).toEqual([objectsOf(refs.staging, 'staging/*')]);
    expect(resourcesFor(template, roles.listTargets, 's3:PutObject')).toEqual([
      objectsOf(refs.staging, 'staging/*/accounts.jsonl'),
      objectsOf(refs.staging, 'staging/*/targets.jsonl'),
    ]);
    expect(resourcesFor(template, roles.sealShard, 's3:PutObject')).toEqual([
      objectsOf(refs.staging, 'staging/*/shards/*'),
      objectsOf(refs.evidence, 'runs/*/shards/*'),
    ]);
    expect(resourcesFor(template, roles.sealShard, 's3:PutObjectRetention')).toEqual([objectsOf(refs.evidence, 'runs/*/shards/*')]);
    const evidenceWriters = everyStatement(template)
      .filter(
        ({ statement }) =>
          actionsOf(statement).includes('s3:PutObject') && JSON.stringify(resourcesOf(statement)).includes(`"${refs.evidence}"`),
      )
      .map(({ owner }) => owner.replace(/Role.*$/, ''))
      .sort();
    expect(evidenceWriters).toEqual(['EvaluateAndSeal', 'SealShard']);
    expect(resourcesFor(template, roles.seal, 's3:PutObject')).toEqual([objectsOf(refs.evidence, '*')]);
    expect(resourcesFor(template, roles.seal, 's3:PutObjectRetention')).toEqual([objectsOf(refs.evidence, '*')]);
    expect(resourcesFor(template, roles.export, 's3:PutObject')).toEqual([objectsOf(refs.exportBucket, 'exports/*')]);
    expect(resourcesFor(template, roles.publish, 's3:PutObject')).toEqual([]);
    for (const { statement } of everyStatement(template)) {
      for (const action of actionsOf(statement)) expect(action).not.toMatch(/^s3:(Delete|PutBucket|PutObjectLegalHold|BypassGovernance)/);
    }
  });

  it('only evaluate-and-seal reads the attestations bucket, under its two prefixes only, and nothing in the stack writes to it', () => {
    expect(resourcesFor(template, roles.seal, 's3:GetObject')).toEqual(
      expect.arrayContaining([objectsOf(refs.attestations, 'attestations/*'), objectsOf(refs.attestations, 'trusted-attesters/*')]),
    );
    const list = statementsOfRole(template, roles.seal).filter((s) => JSON.stringify(resourcesOf(s)).includes(`"${refs.attestations}"`));
    expect(list.map((s) => [s.Sid, actionsOf(s)])).toEqual([
      ['ListAttestations', ['s3:ListBucket']],
      ['ReadAttestations', ['s3:GetObject']],
    ]);
    expect(list[0]?.Resource).toEqual(arnOf(refs.attestations));
    expect(list[0]?.Condition).toEqual({ StringLike: { 's3:prefix': ['attestations/*', 'trusted-attesters/*'] } });
    for (const { owner, statement } of everyStatement(template)) {
      if (!JSON.stringify(resourcesOf(statement)).includes(`"${refs.attestations}"`)) continue;
      expect(owner).toMatch(/^EvaluateAndSeal/);
      for (const action of actionsOf(statement)) expect(['s3:GetObject', 's3:ListBucket']).toContain(action);
    }
  });

  it('the evidence prefix narrows every evidence bucket grant to it', () => {
    const other = synthesize({ evidencePrefix: 'org/' });
    const e = other.evidence;
    const bucket = logicalIdOf(e.storage.evidenceBucket, e);
    for (const role of [e.evaluateAndSeal.role, e.publish.role, e.export.role]) {
      const id = logicalIdOf(role, e);
      expect(resourcesFor(other.evidenceTemplate, id, 's3:GetObject')).toContainEqual(objectsOf(bucket, 'org/*'));
      const list = statementsOfRole(other.evidenceTemplate, id).find((s) => s.Sid === 'ListSealedRuns');
      expect(list?.Resource).toEqual(arnOf(bucket));
      expect(list?.Condition).toEqual({ StringLike: { 's3:prefix': ['org/*'] } });
    }
    expect(resourcesFor(other.evidenceTemplate, logicalIdOf(e.sealShard.role, e), 's3:PutObject')).toContainEqual(
      objectsOf(bucket, 'org/runs/*/shards/*'),
    );
  });

  it("publish imports findings only under the account's own product, and reads only its own hub", () => {
    const product = {
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':securityhub:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          ':product/',
          { Ref: 'AWS::AccountId' },
          '/default',
        ],
      ],
    };
    const hub = {
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, ':securityhub:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':hub/default'],
      ],
    };
    for (const action of PUBLISH_IAM_ACTIONS) {
      expect(resourcesFor(template, roles.publish, action), action).toEqual([action === 'securityhub:BatchImportFindings' ? product : hub]);
    }
    const granted = allowedActions(template, roles.publish).filter((a) => a.startsWith('securityhub:'));
    expect(granted).toEqual([...PUBLISH_IAM_ACTIONS].sort());
    // Resolving workflows (BatchUpdateFindings) is opt-in in lib/publish: granted if and only if the handler turns it on.
    const handler = readFileSync(join(PROJECT_ROOT, 'functions', 'publish.ts'), 'utf8');
    expect(granted.includes(RESOLVE_WORKFLOW_IAM_ACTION)).toBe(/resolveWorkflow\s*:\s*true/.test(handler));
  });

  it('each function writes only to its own log group', () => {
    const e = synth.evidence;
    for (const f of [e.listTargets, e.collect, e.sealShard, e.evaluateAndSeal, e.publish, e.export]) {
      const role = logicalIdOf(f.role, e);
      expect(resourcesFor(template, role, 'logs:PutLogEvents')).toEqual([arnOf(logicalIdOf(f.logGroup, e))]);
    }
  });
});

describe('the member-account role', () => {
  it('grants exactly the union of the actions the collectors declare, on nothing but reads', () => {
    const role = Object.values(synth.memberTemplate.findResources('AWS::IAM::Role'));
    expect(role).toHaveLength(1);
    const statements = statementsOfRole(synth.memberTemplate, logicalIdOf(synth.memberRole.role, synth.memberRole));
    expect(statements).toHaveLength(1);
    expect(statements[0]?.Effect).toBe('Allow');
    expect(actionsOf(statements[0] as Json)).toEqual(collectorActions());
    expect(memberRoleActions()).toEqual(collectorActions());
    // What the agent-role and API-key-holder controls rest on: the principals' attachments, groups and policy documents.
    expect(actionsOf(statements[0] as Json)).toEqual(
      expect.arrayContaining([
        'iam:GetPolicy',
        'iam:GetPolicyVersion',
        'iam:ListAttachedGroupPolicies',
        'iam:ListAttachedRolePolicies',
        'iam:ListAttachedUserPolicies',
        'iam:ListGroupsForUser',
      ]),
    );
    // Read verbs only (Select: AWS Config's SQL queries, read-only; Lookup: CloudTrail's event history, read-only).
    // AgentCore names the permission it checks when WAF reads a gateway's web ACL Gateway<WAF action>:
    // only the read one (GetWebACLForResource) is allowed here, never Gateway(Dis)AssociateWebACL.
    // IAM's last-accessed report is started by GenerateServiceLastAccessedDetails, an action of IAM's Read access
    // level that changes nothing but makes the report GetServiceLastAccessedDetails reads.
    const READ_COMPANIONS = ['bedrock-agentcore:GatewayGetWebACLForResource', 'iam:GenerateServiceLastAccessedDetails'];
    for (const action of collectorActions().filter((a) => !READ_COMPANIONS.includes(a)))
      expect(action).toMatch(/^[a-z0-9-]+:(List|Get|Describe|Search|Select|BatchGet|Lookup)[A-Za-z0-9]*$/);
    expect(collectorActions().filter((a) => a.includes('Associate'))).toEqual([]);
    expect(role[0]?.Properties).toMatchObject({ RoleName: 'AiEvidenceReadOnly', MaxSessionDuration: 3600 });
  });

  it("keeps the member role's inline policy within IAM's 10,240 characters as the catalog grows", () => {
    // IAM counts the policy without whitespace. (CDK moves the collect role's statements to managed policies when they grow.)
    const role = logicalIdOf(synth.memberRole.role, synth.memberRole);
    const size = JSON.stringify({ Version: '2012-10-17', Statement: statementsOfRole(synth.memberTemplate, role) }).length;
    expect(size).toBeLessThanOrEqual(10_240);
  });

  it("is trusted only by the home account's collect role, with the ExternalId", () => {
    const role = propertiesOf(synth.memberTemplate, 'AWS::IAM::Role', logicalIdOf(synth.memberRole.role, synth.memberRole));
    const trust = (role.AssumeRolePolicyDocument as { Statement: Json[] }).Statement;
    expect(trust).toEqual(trustOfHomeRole('CollectRoleName'));
    // The trust names the role the home stack creates, with the ExternalId collect presents.
    const params = synth.memberTemplate.toJSON().Parameters as Record<string, { Default?: string }>;
    const collect = template.findResources('AWS::IAM::Role')[roles.collect];
    expect(params.CollectRoleName?.Default).toBe(collect?.Properties.RoleName);
    expect(params.ExternalId?.Default).toBe(environmentOf(template, logicalIdOf(synth.evidence.collect.fn, synth.evidence)).EXTERNAL_ID);
  });

  it('is a self-contained template for StackSets: parameters only, no assets, no bootstrap rule, no CDK metadata', () => {
    const json = synth.memberTemplate.toJSON();
    expect(Object.keys(json.Parameters ?? {}).sort()).toEqual(['CollectRoleName', 'ExternalId', 'HomeAccountId']);
    expect(json.Rules).toBeUndefined();
    expect(Object.values(json.Resources as Record<string, { Type: string }>).map((r) => r.Type)).toEqual(['AWS::IAM::Role']);
    expect(JSON.stringify(json)).not.toMatch(/cdk-hnb659fds|AssetParameters|BootstrapVersion/);
  });

  it('memberRoleActions refuses a wildcard and an empty catalog, and sorts and de-duplicates', () => {
    expect(() => memberRoleActions([{ id: 'x.y', actions: ['sagemaker:List*'] }])).toThrow(/x\.y names the IAM action "sagemaker:List\*"/);
    expect(() => memberRoleActions([{ id: 'x.y', actions: ['*'] }])).toThrow(/without wildcards/);
    expect(() => memberRoleActions([])).toThrow(/grant nothing/);
    expect(
      memberRoleActions([
        { id: 'a', actions: ['sagemaker:ListModels', 'bedrock:GetGuardrail'] },
        { id: 'b', actions: ['sagemaker:ListModels'] },
      ]),
    ).toEqual(['bedrock:GetGuardrail', 'sagemaker:ListModels']);
  });
});

describe('the member publish role (memberPublishRole)', () => {
  let on: Synthesized;
  let publishRole: string;
  const hubArn = (resource: string) => ({
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':securityhub:*:', { Ref: 'AWS::AccountId' }, `:${resource}`]],
  });
  beforeAll(() => {
    on = synthesize({ memberPublishRole: 'true' });
    publishRole = logicalIdOf(on.memberRole.publishRole as never, on.memberRole);
  });

  it('is absent unless enabled: the default member template holds the read-only role alone, and publish assumes nothing', () => {
    expect(synth.memberRole.publishRole).toBeUndefined();
    expect(Object.keys(synth.memberTemplate.findResources('AWS::IAM::Role'))).toEqual([
      logicalIdOf(synth.memberRole.role, synth.memberRole),
    ]);
    expect(resourcesFor(template, roles.publish, 'sts:AssumeRole')).toEqual([]);
    expect(synthesize({ memberPublishRole: false }).memberRole.publishRole).toBeUndefined();
  });

  it('is a second role beside the read-only role, which stays read-only', () => {
    const readOnly = logicalIdOf(on.memberRole.role, on.memberRole);
    expect(Object.keys(on.memberTemplate.findResources('AWS::IAM::Role')).sort()).toEqual([publishRole, readOnly].sort());
    expect(allowedActions(on.memberTemplate, readOnly)).toEqual(collectorActions());
    expect(propertiesOf(on.memberTemplate, 'AWS::IAM::Role', publishRole)).toMatchObject({
      RoleName: 'AiEvidencePublishFindings',
      MaxSessionDuration: 3600,
    });
  });

  it("allows only the Security Hub actions the publisher calls, on the account's own hub and default product", () => {
    expect(allowedActions(on.memberTemplate, publishRole)).toEqual([...PUBLISH_IAM_ACTIONS].sort());
    expect(allowedActions(on.memberTemplate, publishRole)).not.toContain(RESOLVE_WORKFLOW_IAM_ACTION);
    for (const action of PUBLISH_IAM_ACTIONS) {
      expect(resourcesFor(on.memberTemplate, publishRole, action), action).toEqual([
        action === 'securityhub:BatchImportFindings' ? productArn() : hubArn('hub/default'),
      ]);
    }
  });

  it("is trusted only by the home account's publish role, with the ExternalId, and that role is the one the home stack names", () => {
    const trust = (propertiesOf(on.memberTemplate, 'AWS::IAM::Role', publishRole).AssumeRolePolicyDocument as { Statement: Json[] })
      .Statement;
    expect(trust).toEqual(trustOfHomeRole('PublishRoleName'));
    const params = on.memberTemplate.toJSON().Parameters as Record<string, { Default?: string }>;
    expect(Object.keys(params).sort()).toEqual(['CollectRoleName', 'ExternalId', 'HomeAccountId', 'PublishRoleName']);
    const e = on.evidence;
    const homePublish = on.evidenceTemplate.findResources('AWS::IAM::Role')[logicalIdOf(e.publish.role, e)];
    expect(params.PublishRoleName?.Default).toBe('AiEvidencePublish');
    expect(homePublish?.Properties.RoleName).toBe(params.PublishRoleName?.Default);
    expect(environmentOf(on.evidenceTemplate, logicalIdOf(e.publish.fn, e))).toMatchObject({
      MEMBER_PUBLISH_ROLE_NAME: 'AiEvidencePublishFindings',
      EXTERNAL_ID: params.ExternalId?.Default,
    });
  });

  it('lets the publish function assume exactly that role name in the member accounts, and nothing more', () => {
    const e = on.evidence;
    const id = logicalIdOf(e.publish.role, e);
    expect(resourcesFor(on.evidenceTemplate, id, 'sts:AssumeRole')).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/AiEvidencePublishFindings']] },
    ]);
    expect(allowedActions(on.evidenceTemplate, id)).toEqual(
      [...LOGS, 'kms:Decrypt', 's3:GetObject', 's3:ListBucket', 'sts:AssumeRole', ...PUBLISH_IAM_ACTIONS].sort(),
    );
    // Collect still assumes only the read-only role.
    expect(resourcesFor(on.evidenceTemplate, logicalIdOf(e.collect.role, e), 'sts:AssumeRole')).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/AiEvidenceReadOnly']] },
    ]);

    const listed = synthesize({
      memberPublishRole: true,
      memberPublishRoleName: 'FindingsImporter',
      targetAccounts: '111122223333,444455556666',
      organizationId: 'o-abcdefghij',
    });
    const statement = statementsOfRole(listed.evidenceTemplate, logicalIdOf(listed.evidence.publish.role, listed.evidence)).find((s) =>
      actionsOf(s).includes('sts:AssumeRole'),
    );
    expect(resourcesOf(statement as Json)).toEqual(
      ['111122223333', '444455556666'].map((account) => ({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${account}:role/FindingsImporter`]],
      })),
    );
    expect(statement?.Condition).toEqual({ StringEquals: { 'aws:ResourceOrgID': 'o-abcdefghij' } });
    expect(
      propertiesOf(listed.memberTemplate, 'AWS::IAM::Role', logicalIdOf(listed.memberRole.publishRole as never, listed.memberRole))
        .RoleName,
    ).toBe('FindingsImporter');
  });

  it('refuses a switch that is not true or false', () => {
    expect(() => synthesize({ memberPublishRole: 'yes' })).toThrow(/memberPublishRole: must be true or false/);
  });
});

function productArn(): Json {
  return {
    'Fn::Join': [
      '',
      ['arn:', { Ref: 'AWS::Partition' }, ':securityhub:*:', { Ref: 'AWS::AccountId' }, ':product/', { Ref: 'AWS::AccountId' }, '/default'],
    ],
  };
}
