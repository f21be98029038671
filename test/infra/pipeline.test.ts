import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_MAX_CONCURRENCY, DEFAULT_SEAL_SHARD_CONCURRENCY } from '../../infra/config.js';
import { MAP_RESULTS_PREFIX, MAX_FAILURE_CAUSE_CHARS } from '../../infra/evidence-stack.js';
import { PROJECT_ROOT } from '../../infra/function.js';
import { AGGREGATOR_ENV, MODEL_ACCESS_PRINCIPALS_ENV } from '../../lib/collectors/settings.js';
import {
  actionsOf,
  environmentOf,
  logicalIdOf,
  propertiesOf,
  resourcesOf,
  SEVENTEEN_REGIONS,
  type Synthesized,
  stateMachineDefinition,
  statementsOfRole,
  synthesize,
} from './synth.js';

// A synth takes a second or two, several under load: more than vitest's default 5 s and 10 s allow.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

type Json = Record<string, unknown>;
type State = Json & { Type: string; Next?: string; End?: boolean };

let synth: Synthesized;
let template: Template;
let definition: { StartAt: string; States: Record<string, State> };
let fnIds: Record<string, string>;

const FUNCTIONS = ['list-targets', 'collect', 'seal-shard', 'evaluate-and-seal', 'publish', 'export'] as const;

beforeAll(() => {
  synth = synthesize();
  template = synth.evidenceTemplate;
  definition = stateMachineDefinition(template) as typeof definition;
  const e = synth.evidence;
  const id = (f: { fn: { node: { defaultChild?: unknown } } }) => logicalIdOf(f.fn, e);
  fnIds = {
    'list-targets': id(e.listTargets),
    collect: id(e.collect),
    'seal-shard': id(e.sealShard),
    'evaluate-and-seal': id(e.evaluateAndSeal),
    publish: id(e.publish),
    export: id(e.export),
  };
});

function state(name: string, states: Record<string, State> = definition.States): State {
  const found = states[name];
  if (!found) throw new Error(`No state ${name}; states: ${Object.keys(states).join(', ')}.`);
  return found;
}

function invokedFunction(s: State): unknown {
  return (s.Parameters as Json).FunctionName;
}

describe('the state machine', () => {
  it('checks no other run is going, then runs list-targets, the collect Map, the shard Map, the run seal and publish, in that order', () => {
    expect(definition.StartAt).toBe('CheckNoRunInProgress');
    expect(state('CheckNoRunInProgress').Next).toBe('AnotherRunGoing');
    expect(state('AnotherRunGoing').Default).toBe('ListTargets');
    expect(state('ListTargets').Next).toBe('CollectEachTarget');
    expect(state('CollectEachTarget').Next).toBe('SealEachAccount');
    expect(state('SealEachAccount').Next).toBe('EvaluateAndSeal');
    expect(state('EvaluateAndSeal').Next).toBe('Publish');
    expect(state('Publish').End).toBe(true);
    expect(Object.keys(definition.States).sort()).toEqual([
      'AnotherRunGoing',
      'CheckNoRunInProgress',
      'CollectEachTarget',
      'EvaluateAndSeal',
      'ListTargets',
      'Publish',
      'RunInProgress',
      'SealEachAccount',
    ]);
    expect(invokedFunction(state('ListTargets'))).toBe(`\${${fnIds['list-targets']}.Arn}`);
    expect(invokedFunction(state('EvaluateAndSeal'))).toBe(`\${${fnIds['evaluate-and-seal']}.Arn}`);
    expect(invokedFunction(state('Publish'))).toBe(`\${${fnIds.publish}.Arn}`);
  });

  it('stops before anything is collected when another execution of the state machine is running', () => {
    const check = state('CheckNoRunInProgress');
    expect(check.Resource).toBe(`arn:\${Ref:AWS::Partition}:states:::aws-sdk:sfn:listExecutions`);
    expect(check.QueryLanguage).toBe('JSONata');
    expect(check.Arguments).toEqual({ StateMachineArn: '{% $states.context.StateMachine.Id %}', StatusFilter: 'RUNNING', MaxResults: 2 });
    // Running executions other than this one.
    expect((check.Output as Json).otherRuns).toBe('{% $count($states.result.Executions[ExecutionArn != $states.context.Execution.Id]) %}');
    expect(state('AnotherRunGoing').Choices).toEqual([{ Condition: '{% $states.input.otherRuns > 0 %}', Next: 'RunInProgress' }]);
    expect(state('RunInProgress')).toMatchObject({ Type: 'Fail', Error: 'RunInProgress' });
    // The role may list the executions of this state machine only, named so that its ARN needs no reference to itself.
    const machine = propertiesOf(template, 'AWS::StepFunctions::StateMachine', logicalIdOf(synth.evidence.stateMachine, synth.evidence));
    expect(machine.StateMachineName).toBe('AiEvidence-Run');
    const roleId = (machine.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const list = statementsOfRole(template, roleId).filter((st) => actionsOf(st).includes('states:ListExecutions'));
    expect(list).toHaveLength(1);
    expect(JSON.stringify(resourcesOf(list[0] as Json))).toContain(':stateMachine:AiEvidence-Run');
  });

  it('reads the targets from S3 with an ItemReader and writes the results with a ResultWriter, so the state does not grow with them', () => {
    const map = state('CollectEachTarget');
    const staging = { Ref: logicalIdOf(synth.evidence.storage.stagingBucket, synth.evidence) };
    expect(map.ItemsPath).toBeUndefined();
    expect(map.ItemReader).toEqual({
      Resource: `arn:\${Ref:AWS::Partition}:states:::s3:getObject`,
      ReaderConfig: { InputType: 'JSONL' },
      Parameters: { Bucket: `\${Ref:${staging.Ref}}`, 'Key.$': '$.targets.key' },
    });
    expect(map.ResultWriter).toEqual({
      Resource: `arn:\${Ref:AWS::Partition}:states:::s3:putObject`,
      Parameters: { Bucket: `\${Ref:${staging.Ref}}`, Prefix: MAP_RESULTS_PREFIX },
      WriterConfig: { OutputType: 'JSONL', Transformation: 'COMPACT' },
    });
    expect(map.ResultPath).toBe('$.collected');
    expect(map.ResultSelector).toEqual({ 'mapRunArn.$': '$.MapRunArn', 'resultWriterDetails.$': '$.ResultWriterDetails' });
    // A failed child never fails the run: evaluate-and-seal records its target as FAILED.
    expect(map.ToleratedFailurePercentage).toBe(100);
  });

  it('fans out in a Distributed Map of the configured concurrency, one collect per target', () => {
    const map = state('CollectEachTarget');
    expect(map.Type).toBe('Map');
    expect(map.MaxConcurrency).toBe(DEFAULT_MAX_CONCURRENCY);
    expect(DEFAULT_MAX_CONCURRENCY).toBeGreaterThan(10);
    expect(map.ItemSelector).toEqual({
      'runId.$': '$.runId',
      'startedAt.$': '$.startedAt',
      'accountId.$': '$$.Map.Item.Value.accountId',
      'region.$': '$$.Map.Item.Value.region',
    });
    const processor = map.ItemProcessor as { ProcessorConfig: Json; StartAt: string; States: Record<string, State> };
    expect(processor.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    expect(processor.StartAt).toBe('Collect');
    expect(invokedFunction(state('Collect', processor.States))).toBe(`\${${fnIds.collect}.Arn}`);

    const other = synthesize({ maxConcurrency: '2000', collectReservedConcurrency: 2000 });
    expect(state('CollectEachTarget', (stateMachineDefinition(other.evidenceTemplate) as typeof definition).States).MaxConcurrency).toBe(
      2000,
    );
    expect(
      propertiesOf(other.evidenceTemplate, 'AWS::Lambda::Function', logicalIdOf(other.evidence.collect.fn, other.evidence)),
    ).toMatchObject({ ReservedConcurrentExecutions: 2000 });
    // Without reserved concurrency, collect takes from the account's pool like any function.
    expect(propertiesOf(template, 'AWS::Lambda::Function', fnIds.collect as string).ReservedConcurrentExecutions).toBeUndefined();
    expect(() => synthesize({ maxConcurrency: 600, collectReservedConcurrency: 500 })).toThrow(
      /maxConcurrency: 600 is more than collectReservedConcurrency 500/,
    );
    expect(() => synthesize({ maxConcurrency: 10_001 })).toThrow(/maxConcurrency/);
  });

  it('seals each account in a second Distributed Map over accounts.jsonl: ItemReader, ResultWriter, configurable concurrency, a failed child tolerated', () => {
    const map = state('SealEachAccount');
    const staging = { Ref: logicalIdOf(synth.evidence.storage.stagingBucket, synth.evidence) };
    expect(map.Type).toBe('Map');
    expect(map.ItemReader).toEqual({
      Resource: `arn:\${Ref:AWS::Partition}:states:::s3:getObject`,
      ReaderConfig: { InputType: 'JSONL' },
      Parameters: { Bucket: `\${Ref:${staging.Ref}}`, 'Key.$': '$.accounts.key' },
    });
    expect(map.ResultWriter).toEqual({
      Resource: `arn:\${Ref:AWS::Partition}:states:::s3:putObject`,
      Parameters: { Bucket: `\${Ref:${staging.Ref}}`, Prefix: MAP_RESULTS_PREFIX },
      WriterConfig: { OutputType: 'JSONL', Transformation: 'COMPACT' },
    });
    expect(map.ItemSelector).toEqual({
      'runId.$': '$.runId',
      'startedAt.$': '$.startedAt',
      'accountId.$': '$$.Map.Item.Value.accountId',
      'regions.$': '$$.Map.Item.Value.regions',
    });
    expect(map.ResultPath).toBe('$.sealedShards');
    expect(map.ResultSelector).toEqual({ 'mapRunArn.$': '$.MapRunArn', 'resultWriterDetails.$': '$.ResultWriterDetails' });
    // A failed child never fails the run: the run seal seals its account FAILED.
    expect(map.ToleratedFailurePercentage).toBe(100);
    expect(map.MaxConcurrency).toBe(DEFAULT_SEAL_SHARD_CONCURRENCY);
    const processor = map.ItemProcessor as { ProcessorConfig: Json; StartAt: string; States: Record<string, State> };
    expect(processor.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' });
    expect(Object.keys(processor.States)).toEqual(['SealShard']);
    const task = state('SealShard', processor.States);
    expect(invokedFunction(task)).toBe(`\${${fnIds['seal-shard']}.Arn}`);
    expect(task.ResultSelector).toEqual({
      'runId.$': '$.Payload.runId',
      'accountId.$': '$.Payload.accountId',
      'summaryKey.$': '$.Payload.summaryKey',
    });
    expect(task.End).toBe(true);
    const other = synthesize({ sealShardConcurrency: '50' });
    expect(state('SealEachAccount', (stateMachineDefinition(other.evidenceTemplate) as typeof definition).States).MaxConcurrency).toBe(50);
    expect(() => synthesize({ sealShardConcurrency: 0 })).toThrow(/sealShardConcurrency/);
  });

  it("catches every error of a target and writes it to S3 as the target's failed-target object, so the map goes on", () => {
    const processor = state('CollectEachTarget').ItemProcessor as { States: Record<string, State> };
    const collect = state('Collect', processor.States);
    // Collect keeps only what evaluate-and-seal reads, so the Map's gathered results stay small.
    expect(collect.ResultSelector).toEqual({
      'runId.$': '$.Payload.runId',
      'accountId.$': '$.Payload.accountId',
      'region.$': '$.Payload.region',
      'stagedKey.$': '$.Payload.stagedKey',
    });
    expect(collect.OutputPath).toBeUndefined();
    expect(collect.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'RecordFailedTarget' }]);
    const record = state('RecordFailedTarget', processor.States);
    expect(record.Type).toBe('Task');
    expect(record.Resource).toBe(`arn:\${Ref:AWS::Partition}:states:::aws-sdk:s3:putObject`);
    expect(record.QueryLanguage).toBe('JSONata');
    expect(record.End).toBe(true);
    const args = record.Arguments as { Bucket: string; Key: string; Body: Record<string, unknown> };
    expect(args.Bucket).toBe(`\${Ref:${logicalIdOf(synth.evidence.storage.stagingBucket, synth.evidence)}}`);
    // The key failedTargetKey (lib/pipeline/staging.ts) names, which evaluate-and-seal reads.
    expect(args.Key).toBe(
      '{% "staging/" & $states.input.runId & "/" & $states.input.accountId & "/" & $states.input.region & ".failed.json" %}',
    );
    const body = args.Body as Record<string, string>;
    expect(Object.keys(body).sort()).toEqual(['accountId', 'cause', 'error', 'region', 'runId', 'schemaVersion']);
    expect(body.schemaVersion).toBe(1);
    expect(body.accountId).toBe('{% $states.input.accountId %}');
    expect(body.region).toBe('{% $states.input.region %}');
    expect(body.error).toBe('{% $states.input.failure.Error %}');
    // Cause is optional in the error output and can be long: it is checked and cut.
    expect(body.cause).toContain('$exists($states.input.failure.Cause)');
    expect(body.cause).toContain(`0, ${MAX_FAILURE_CAUSE_CHARS})`);
    expect((record.Retry as Json[])[0]).toMatchObject({ ErrorEquals: ['States.ALL'], JitterStrategy: 'FULL' });
  });

  it("gives list-targets the execution input, evaluate-and-seal the run id, start and the targets' and accounts' pointers, and publish the run id", () => {
    expect((state('EvaluateAndSeal').Parameters as Json).Payload).toEqual({
      'runId.$': '$.runId',
      'startedAt.$': '$.startedAt',
      'targets.$': '$.targets',
      'accounts.$': '$.accounts',
    });
    expect(state('EvaluateAndSeal').OutputPath).toBe('$.Payload');
    expect((state('Publish').Parameters as Json).Payload).toEqual({ 'runId.$': '$.runId' });
    expect(state('ListTargets').OutputPath).toBe('$.Payload');
    // The execution's input goes to list-targets: {} from the schedule, or the accounts and regions of a run on demand.
    expect((state('ListTargets').Parameters as Json)['Payload.$']).toBe('$.input');
    expect((state('CheckNoRunInProgress').Output as Json).input).toBe('{% $states.input %}');
  });

  it('retries throttling and Lambda service errors of every task with backoff and full jitter before giving up', () => {
    const processor = state('CollectEachTarget').ItemProcessor as { States: Record<string, State> };
    const shards = state('SealEachAccount').ItemProcessor as { States: Record<string, State> };
    for (const task of [
      state('ListTargets'),
      state('Collect', processor.States),
      state('SealShard', shards.States),
      state('EvaluateAndSeal'),
      state('Publish'),
    ]) {
      const retry = task.Retry as Json[];
      expect(retry[0]).toMatchObject({
        ErrorEquals: expect.arrayContaining(['Lambda.TooManyRequestsException', 'Lambda.ServiceException', 'Lambda.SdkClientException']),
        BackoffRate: 2,
        MaxDelaySeconds: 60,
        JitterStrategy: 'FULL',
      });
    }
    // Collect meets Lambda's concurrency the most: it waits the longest.
    expect((state('Collect', processor.States).Retry as Json[])[0]?.MaxAttempts).toBe(10);
    // A seal that timed out is tried again, and resumes (test/functions/evaluate-and-seal.test.ts).
    expect((state('EvaluateAndSeal').Retry as Json[])[1]).toMatchObject({ ErrorEquals: ['Sandbox.Timedout', 'States.Timeout'] });
    // So is a shard step: it writes the same bytes again (test/functions/seal-shard.test.ts).
    expect((state('SealShard', shards.States).Retry as Json[])[1]).toMatchObject({ ErrorEquals: ['Sandbox.Timedout', 'States.Timeout'] });
  });

  it('logs every event to CloudWatch Logs, traces with X-Ray and stops a run after 6 hours', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true },
    });
    expect(definition).toMatchObject({ TimeoutSeconds: 6 * 3600 });
  });

  it('encrypts its log group, which holds execution data, with a key of its own that only CloudWatch Logs may use for that group', () => {
    const logsKeyId = logicalIdOf(synth.evidence.storage.logsKey, synth.evidence);
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/vendedlogs/states/AiEvidence-Run',
      KmsKeyId: { 'Fn::GetAtt': [logsKeyId, 'Arn'] },
    });
    const key = propertiesOf(template, 'AWS::KMS::Key', logsKeyId);
    expect(key.EnableKeyRotation).toBe(true);
    const statements = (key.KeyPolicy as { Statement: Json[] }).Statement;
    const forLogs = statements.find((st) => st.Sid === 'EncryptTheStateMachineLogGroup') as Json;
    expect(forLogs.Principal).toEqual({ Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } });
    expect(JSON.stringify(forLogs.Condition)).toContain('kms:EncryptionContext:aws:logs:arn');
    expect(JSON.stringify(forLogs.Condition)).toContain('log-group:/aws/vendedlogs/states/AiEvidence-Run');
    // Nobody else may use the key: the rest of the policy is administration only.
    expect(statements.filter((st) => st !== forLogs).map((st) => st.Sid)).toEqual(['AdministerTheKeyNotUseIt']);
  });
});

describe('the schedule', () => {
  it('starts the state machine with an empty event at the configured rate, through a role that may only do that', () => {
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule'));
    expect(schedules).toHaveLength(1);
    const props = schedules[0]?.Properties as Json & { Target: Json & { RoleArn: { 'Fn::GetAtt': [string, string] } } };
    const machineId = logicalIdOf(synth.evidence.stateMachine, synth.evidence);
    expect(props.ScheduleExpression).toBe('rate(1 day)');
    expect(props.State).toBe('ENABLED');
    expect(props.Target).toMatchObject({ Arn: { Ref: machineId }, Input: '{}' });
    const roleId = props.Target.RoleArn['Fn::GetAtt'][0];
    const statements = statementsOfRole(template, roleId);
    expect(statements.flatMap(actionsOf)).toEqual(['states:StartExecution']);
    expect(statements.flatMap(resourcesOf)).toEqual([{ Ref: machineId }]);
  });

  it('takes its expression from the schedule context', () => {
    const other = synthesize({ schedule: 'cron(0 3 ? * MON *)' });
    other.evidenceTemplate.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(0 3 ? * MON *)' });
  });
});

/** The environment variables a handler reads: readEnv([...]) names and process.env.NAME reads. */
function variablesRead(name: string): string[] {
  const source = readFileSync(join(PROJECT_ROOT, 'functions', `${name}.ts`), 'utf8');
  const names = new Set<string>();
  for (const call of source.matchAll(/readEnv\(\s*\[([^\]]*)\]/g)) {
    for (const quoted of (call[1] ?? '').matchAll(/'([A-Z_]+)'/g)) names.add(quoted[1] as string);
  }
  for (const read of source.matchAll(/process\.env\.([A-Z_]+)/g)) names.add(read[1] as string);
  return [...names].sort();
}

describe('the functions', () => {
  it('each is bundled ESM on the newest Node.js runtime, on ARM64, with its own role and log group', () => {
    for (const name of FUNCTIONS) {
      const fn = template.findResources('AWS::Lambda::Function')[fnIds[name] as string];
      expect(fn, name).toBeDefined();
      expect(fn?.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        LoggingConfig: { LogFormat: 'JSON' },
      });
    }
    const roles = new Set(
      FUNCTIONS.map((n) => JSON.stringify(template.findResources('AWS::Lambda::Function')[fnIds[n] as string]?.Properties.Role)),
    );
    expect(roles.size).toBe(FUNCTIONS.length);
    expect(Object.keys(template.findResources('AWS::Lambda::Function'))).toHaveLength(FUNCTIONS.length);
  });

  it('every log group keeps its logs for the configured days and is kept when the stack goes', () => {
    const groups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(groups).toHaveLength(FUNCTIONS.length + 1);
    for (const group of groups) {
      expect(group.Properties.RetentionInDays).toBe(365);
      expect(group.DeletionPolicy).toBe('Retain');
    }
    // CloudWatch Logs takes only some values: 100 days becomes the next one up, 120.
    const other = synthesize({ logRetentionDays: 100 });
    for (const group of Object.values(other.evidenceTemplate.findResources('AWS::Logs::LogGroup'))) {
      expect(group.Properties.RetentionInDays).toBe(120);
    }
  });

  it("each gets exactly the environment variables its handler reads, plus Powertools' settings", () => {
    for (const name of FUNCTIONS) {
      const variables = environmentOf(template, fnIds[name] as string);
      const set = Object.keys(variables)
        .filter((v) => !v.startsWith('POWERTOOLS_') && v !== 'NODE_OPTIONS')
        .sort();
      const read = variablesRead(name);
      // TARGET_ACCOUNTS is left out when the accounts come from AWS Organizations; publish's member
      // role and ExternalId when member publishing is off (the default).
      // The collectors' own settings (read in lib/collectors, not by the handler) are set only when
      // configured: see the next test.
      // The TSA settings of evaluate-and-seal only when tsaUrls are configured (timestamps are off by default).
      const optional =
        name === 'publish' ? ['MEMBER_PUBLISH_ROLE_NAME', 'EXTERNAL_ID'] : ['TARGET_ACCOUNTS', 'TSA_URLS', 'TSA_CA_PEM', 'TSA_TIMEOUT_MS'];
      expect(set, name).toEqual(read.filter((v) => !optional.includes(v)));
      expect(variables).toMatchObject({ POWERTOOLS_SERVICE_NAME: 'ai-evidence', POWERTOOLS_METRICS_NAMESPACE: 'AiEvidence' });
    }
    // With member publishing on, publish gets every variable it reads.
    const on = synthesize({ memberPublishRole: true });
    const publish = environmentOf(on.evidenceTemplate, logicalIdOf(on.evidence.publish.fn, on.evidence));
    expect(
      Object.keys(publish)
        .filter((v) => !v.startsWith('POWERTOOLS_') && v !== 'NODE_OPTIONS')
        .sort(),
    ).toEqual(variablesRead('publish'));
    // Every account in one invocation, ten at a time: Lambda's longest timeout.
    expect(propertiesOf(on.evidenceTemplate, 'AWS::Lambda::Function', logicalIdOf(on.evidence.publish.fn, on.evidence)).Timeout).toBe(900);
  });

  it('passes the configuration through: retention, prefix, regions, accounts, member role, ExternalId, URL lifetime', () => {
    const other = synthesize({
      retentionDays: 400,
      evidencePrefix: 'org/',
      targetRegions: 'eu-west-1,us-east-1',
      targetAccounts: ['111122223333', '444455556666'],
      memberRoleName: 'AuditReader',
      externalId: 'ext-123',
      exportUrlTtlSeconds: 900,
    });
    const env = (f: { fn: { node: { defaultChild?: unknown } } }) =>
      environmentOf(other.evidenceTemplate, logicalIdOf(f.fn, other.evidence));
    expect(env(other.evidence.listTargets)).toMatchObject({
      TARGET_REGIONS: 'eu-west-1,us-east-1',
      TARGET_ACCOUNTS: '111122223333,444455556666',
    });
    expect(env(other.evidence.collect)).toMatchObject({ MEMBER_ROLE_NAME: 'AuditReader', EXTERNAL_ID: 'ext-123' });
    expect(env(other.evidence.collect)[MODEL_ACCESS_PRINCIPALS_ENV]).toBeUndefined();
    expect(env(other.evidence.collect)[AGGREGATOR_ENV]).toBeUndefined();
    expect(env(other.evidence.evaluateAndSeal)).toMatchObject({ RETENTION_DAYS: '400', EVIDENCE_PREFIX: 'org/' });
    expect(env(other.evidence.export)).toMatchObject({ EXPORT_URL_TTL_SECONDS: '900', EVIDENCE_PREFIX: 'org/' });
    // Without configured regions, the region the stack is deployed to.
    const defaults = environmentOf(template, fnIds['list-targets'] as string);
    expect(defaults.TARGET_REGIONS).toEqual({ Ref: 'AWS::Region' });
    expect(defaults.TARGET_ACCOUNTS).toBeUndefined();
  });

  it('gives evaluate-and-seal the TSA URLs, the anchors read from tsaCaFile and the timeout when tsaUrls are configured, and needs the anchors', () => {
    const caFile = join(PROJECT_ROOT, 'lib', 'demo', 'tsa', 'demo-tsa-root.pem');
    const other = synthesize({ tsaUrls: 'https://tsa.example/a,https://tsa.example/b', tsaCaFile: caFile, tsaTimeoutSeconds: 5 });
    const env = environmentOf(other.evidenceTemplate, logicalIdOf(other.evidence.evaluateAndSeal.fn, other.evidence));
    expect(env).toMatchObject({
      TSA_URLS: 'https://tsa.example/a,https://tsa.example/b',
      TSA_CA_PEM: readFileSync(caFile, 'utf8'),
      TSA_TIMEOUT_MS: '5000',
    });
    expect(environmentOf(other.evidenceTemplate, logicalIdOf(other.evidence.export.fn, other.evidence)).TSA_CA_PEM).toBe(
      readFileSync(caFile, 'utf8'),
    );
    expect(environmentOf(template, fnIds['evaluate-and-seal'] as string).TSA_URLS).toBeUndefined();
    expect(() => synthesize({ tsaUrls: ['https://tsa.example/a'] })).toThrow(/tsaCaFile: is needed with tsaUrls/);
  });

  it("gives collect the collectors' own settings when configured: the model-access allow-list and the Config aggregator", () => {
    const principals = ['arn:aws:iam::111122223333:role/ModelAdmins', 'arn:aws:iam::111122223333:user/platform-admin'];
    const other = synthesize({ modelAccessPrincipals: principals, configAggregator: 'org-aggregator' });
    const env = environmentOf(other.evidenceTemplate, logicalIdOf(other.evidence.collect.fn, other.evidence));
    expect(env[MODEL_ACCESS_PRINCIPALS_ENV]).toBe(principals.join(','));
    expect(env[AGGREGATOR_ENV]).toBe('org-aggregator');
    // Given on the command line as one comma-separated value, the same.
    const fromCli = synthesize({ modelAccessPrincipals: principals.join(',') });
    expect(
      environmentOf(fromCli.evidenceTemplate, logicalIdOf(fromCli.evidence.collect.fn, fromCli.evidence))[MODEL_ACCESS_PRINCIPALS_ENV],
    ).toBe(principals.join(','));
  });

  it('evaluate-and-seal signs with the signing key of the stack, and export pins the same key', () => {
    const signingKeyArn = { 'Fn::GetAtt': [logicalIdOf(synth.evidence.storage.signingKey, synth.evidence), 'Arn'] };
    for (const name of ['evaluate-and-seal', 'export']) {
      expect(environmentOf(template, fnIds[name] as string).SIGNING_KEY_ID).toEqual(signingKeyArn);
    }
  });
});

describe('the configuration', () => {
  it('refuses a context that is not a valid configuration, naming the key', () => {
    expect(() => synthesize({ retentionDays: 0 })).toThrow(/retentionDays/);
    expect(() => synthesize({ schedule: 'every day' })).toThrow(/schedule: must be rate\(\.\.\.\) or cron\(\.\.\.\)/);
    expect(() => synthesize({ targetAccounts: '1234' })).toThrow(/targetAccounts\.0: an AWS account id is 12 digits/);
    expect(() => synthesize({ externalId: undefined })).toThrow(/externalId/);
    expect(() => synthesize({ evidencePrefix: 'no-slash' })).toThrow(/evidencePrefix/);
    expect(() => synthesize({ modelAccessPrincipals: 'platform-admin' })).toThrow(
      /modelAccessPrincipals\.0: must be an IAM user or role ARN/,
    );
    expect(() => synthesize({ configAggregator: 'no spaces' })).toThrow(/configAggregator: must be an AWS Config aggregator name/);
  });

  it("refuses cdk.json's placeholder ExternalId, saying what to do", () => {
    expect(() => synthesize({ externalId: 'ai-evidence-change-me' })).toThrow(
      /externalId: is still cdk\.json's placeholder ai-evidence-change-me: give the deployment its own value \(-c externalId=\.\.\.\)/,
    );
  });

  it('refuses accounts from AWS Organizations without the organization id, which limits the roles collect may assume', () => {
    expect(() => synthesize({ organizationId: undefined })).toThrow(/organizationId: must be set when targetAccounts is empty/);
    expect(() => synthesize({ organizationId: undefined, targetAccounts: '111122223333' })).not.toThrow();
  });
});

describe('an organization', () => {
  it('synthesizes 1,000 accounts × 17 regions: nothing of the template is sized by the targets but the role ARNs collect may assume', () => {
    const accounts = Array.from({ length: 1000 }, (_, i) => String(100_000_000_000 + i));
    const big = synthesize({ targetAccounts: accounts, targetRegions: SEVENTEEN_REGIONS });
    const env = environmentOf(big.evidenceTemplate, logicalIdOf(big.evidence.listTargets.fn, big.evidence));
    expect(String(env.TARGET_ACCOUNTS).split(',')).toHaveLength(1000);
    expect(String(env.TARGET_REGIONS).split(',')).toHaveLength(17);
    const collectRole = logicalIdOf(big.evidence.collect.role, big.evidence);
    const assumable = statementsOfRole(big.evidenceTemplate, collectRole)
      .filter((st) => actionsOf(st).includes('sts:AssumeRole'))
      .flatMap(resourcesOf);
    expect(assumable).toHaveLength(1000);
    expect(JSON.stringify(assumable[0])).toContain(':iam::100000000000:role/AiEvidenceReadOnly');
  });
});
