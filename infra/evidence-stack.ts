import { readFileSync } from 'node:fs';
import {
  ArnFormat,
  Aws,
  type CfnElement,
  CfnOutput,
  Duration,
  RemovalPolicy,
  Size,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { AGGREGATOR_ENV, MODEL_ACCESS_PRINCIPALS_ENV } from '../lib/collectors/settings.js';
import { ATTESTATIONS_PREFIX, TRUSTED_ATTESTERS_PREFIX } from '../lib/pipeline/attestations.js';
import { MAX_FAILURE_CAUSE_CHARS } from '../lib/pipeline/staging.js';
import { type DeployConfig, DeployConfigError } from './config.js';
import { EvidenceFunction } from './function.js';
import { memberRoleActions } from './member-actions.js';
import { securityHubGrants } from './securityhub-grants.js';
import { EvidenceStorage } from './storage.js';

export interface EvidenceStackProps extends StackProps {
  readonly config: DeployConfig;
}

export { MAX_FAILURE_CAUSE_CHARS };

/** Where the Distributed Map's ResultWriter writes its child results and manifest, in the staging bucket. */
export const MAP_RESULTS_PREFIX = 'map-results';

/** The Lambda errors every task retries: throttling and the service's own failures (Step Functions' names). */
export const LAMBDA_RETRY_ERRORS = [
  'Lambda.TooManyRequestsException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.ClientExecutionTimeoutException',
] as const;

/**
 * The deploying (home) account's half of ai-evidence: the Object Lock evidence store, the staging and
 * export buckets, the signing and data keys, the six functions with least-privilege roles, the
 * Step Functions state machine (list targets, collect each in a Distributed Map, seal each
 * account's shard in a second one, seal the run, publish) and the EventBridge Scheduler schedule
 * that starts it.
 */
export class EvidenceStack extends Stack {
  readonly storage: EvidenceStorage;
  readonly listTargets: EvidenceFunction;
  readonly collect: EvidenceFunction;
  readonly sealShard: EvidenceFunction;
  readonly evaluateAndSeal: EvidenceFunction;
  readonly publish: EvidenceFunction;
  readonly export: EvidenceFunction;
  readonly stateMachine: sfn.StateMachine;
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: EvidenceStackProps) {
    super(scope, id, props);
    const { config } = props;
    const storage = new EvidenceStorage(this, 'Storage', config);
    this.storage = storage;
    const { evidenceBucket, stagingBucket, exportBucket } = storage;
    const logRetention = retentionDays(config.logRetentionDays);
    const evidencePrefix = config.evidencePrefix;

    // --- list-targets: the accounts and regions of a run.
    this.listTargets = new EvidenceFunction(this, 'ListTargets', {
      name: 'list-targets',
      description: 'ai-evidence: the accounts and regions of a run (configuration or AWS Organizations).',
      memorySize: 256,
      timeout: Duration.minutes(1),
      logRetention,
      environment: {
        TARGET_REGIONS: config.targetRegions.length > 0 ? config.targetRegions.join(',') : Aws.REGION,
        ...(config.targetAccounts.length > 0 ? { TARGET_ACCOUNTS: config.targetAccounts.join(',') } : {}),
        STAGING_BUCKET: stagingBucket.bucketName,
      },
    });
    // The run's targets and accounts go to S3 (the Maps read them there), not through the execution's state.
    this.listTargets.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteRunTargets',
        actions: ['s3:PutObject'],
        resources: [stagingBucket.arnForObjects('staging/*/targets.jsonl'), stagingBucket.arnForObjects('staging/*/accounts.jsonl')],
      }),
    );
    storage.allowEncryptThroughS3(this.listTargets.role, 'ListTargets');
    Validations.of(this.listTargets.role).acknowledge(
      ...['targets', 'accounts'].map((name) => ({
        id: `AwsSolutions-IAM5[Resource::${nagArn(stagingBucket)}/staging/*/${name}.jsonl]`,
        reason: `Each run writes its ${name} once, to staging/<runId>/${name}.jsonl; the run id is made at run time.`,
      })),
    );
    if (config.targetAccounts.length === 0) {
      this.listTargets.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ sid: 'ListOrganizationAccounts', actions: ['organizations:ListAccounts'], resources: ['*'] }),
      );
      Validations.of(this.listTargets.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'organizations:ListAccounts supports no resource-level permission: its only resource is "*". It is the one action of this role.',
      });
    }

    // --- collect: one account and region, staged for evaluate-and-seal.
    this.collect = new EvidenceFunction(this, 'Collect', {
      name: 'collect',
      description: 'ai-evidence: runs every collector in one account and region and stages the records.',
      memorySize: 1024,
      timeout: Duration.minutes(10),
      logRetention,
      roleName: config.collectRoleName,
      ...(config.collectReservedConcurrency !== undefined ? { reservedConcurrentExecutions: config.collectReservedConcurrency } : {}),
      environment: {
        STAGING_BUCKET: stagingBucket.bucketName,
        MEMBER_ROLE_NAME: config.memberRoleName,
        EXTERNAL_ID: config.externalId,
        // Settings the collectors themselves read, set only when configured.
        ...(config.modelAccessPrincipals.length > 0 ? { [MODEL_ACCESS_PRINCIPALS_ENV]: config.modelAccessPrincipals.join(',') } : {}),
        ...(config.configAggregator !== undefined ? { [AGGREGATOR_ENV]: config.configAggregator } : {}),
      },
    });
    this.collect.role.addToPrincipalPolicy(assumeMemberRole('AssumeMemberReadOnlyRole', config.memberRoleName, config));
    // The home account's own targets are read with the function's own credentials.
    this.collect.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'ReadWhatTheCollectorsRead', actions: memberRoleActions(), resources: ['*'] }),
    );
    this.collect.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid: 'StageRecords', actions: ['s3:PutObject'], resources: [stagingBucket.arnForObjects('staging/*')] }),
    );
    storage.allowEncryptThroughS3(this.collect.role, 'Collect');
    const collectAcks = [
      {
        id: `AwsSolutions-IAM5[Resource::${nagArn(stagingBucket)}/staging/*]`,
        reason: 'Staged objects are named staging/<runId>/<account>/<region>.json, one per target of a run, unknown before the run.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'The collectors read configuration (List*, Describe*, Get* of SageMaker, Bedrock and the governance services) of the home account; most of these actions support no resource-level permission. The actions are exactly those the collectors declare, derived from lib/collectors, no wildcard.',
      },
    ];
    if (config.targetAccounts.length === 0) collectAcks.push(anyMemberAck(config.memberRoleName));
    for (const ack of collectAcks) Validations.of(this.collect.role).acknowledge(ack);

    // --- seal-shard: one account's shard, from its staged targets into the Object Lock bucket.
    this.sealShard = new EvidenceFunction(this, 'SealShard', {
      name: 'seal-shard',
      description: "ai-evidence: evaluates one account's staged evidence and stores its shard with Object Lock.",
      // One account (17 regions): docs/PERFORMANCE.md gives the peak RSS of the largest shard step.
      memorySize: 1024,
      timeout: Duration.minutes(10),
      logRetention,
      environment: {
        STAGING_BUCKET: stagingBucket.bucketName,
        EVIDENCE_BUCKET: evidenceBucket.bucketName,
        EVIDENCE_PREFIX: evidencePrefix,
        RETENTION_DAYS: String(config.retentionDays),
      },
    });
    const shardRole = this.sealShard.role;
    shardRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadStagedRecords',
        actions: ['s3:GetObject'],
        resources: [stagingBucket.arnForObjects('staging/*')],
      }),
    );
    // One listing of staging/<runId>/<account>/ tells which of its targets were staged and which failed.
    shardRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ListStagedRecords',
        actions: ['s3:ListBucket'],
        resources: [stagingBucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': ['staging/*'] } },
      }),
    );
    shardRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'StageShardSummary',
        actions: ['s3:PutObject'],
        resources: [stagingBucket.arnForObjects('staging/*/shards/*')],
      }),
    );
    shardRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteAndReadShards',
        // GetObject: a retried step compares what it would write with what is stored (write-once).
        actions: ['s3:GetObject', 's3:PutObject', 's3:PutObjectRetention'],
        resources: [evidenceBucket.arnForObjects(`${evidencePrefix}runs/*/shards/*`)],
      }),
    );
    storage.allowDecryptThroughS3(shardRole, 'SealShard');
    storage.allowEncryptThroughS3(shardRole, 'SealShard');
    Validations.of(shardRole).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::${nagArn(stagingBucket)}/staging/*]`,
        reason: 'Reads the staged objects of one account of the run, named by run id, account and region at run time.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${nagArn(stagingBucket)}/staging/*/shards/*]`,
        reason: "Writes its shard's summary to staging/<runId>/shards/<account>.json, named at run time.",
      },
      {
        id: `AwsSolutions-IAM5[Resource::${nagArn(evidenceBucket)}/${evidencePrefix}runs/*/shards/*]`,
        reason:
          "Stores one account's shard (runs/<runId>/shards/<account>/evidence.jsonl, findings.jsonl, shard.json), named at run time; only under shards/, never a run's manifest or statement. Object Lock COMPLIANCE and the bucket policy keep them from being overwritten or deleted.",
      },
    );

    // --- evaluate-and-seal: the run seal, over the shards' summaries: signs and stores the run.
    this.evaluateAndSeal = new EvidenceFunction(this, 'EvaluateAndSeal', {
      name: 'evaluate-and-seal',
      description: "ai-evidence: seals a run over its shards' summaries with the KMS signing key and stores it with Object Lock.",
      // Grows with the number of accounts only: docs/PERFORMANCE.md gives its peak RSS at 1,000 accounts.
      memorySize: 1024,
      timeout: Duration.minutes(15),
      logRetention,
      environment: {
        STAGING_BUCKET: stagingBucket.bucketName,
        EVIDENCE_BUCKET: evidenceBucket.bucketName,
        EVIDENCE_PREFIX: evidencePrefix,
        RETENTION_DAYS: String(config.retentionDays),
        SIGNING_KEY_ID: storage.signingKey.keyArn,
        ATTESTATIONS_BUCKET: storage.attestationsBucket.bucketName,
        ...tsaEnvironment(config),
      },
    });
    const sealRole = this.evaluateAndSeal.role;
    sealRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadStagedRecords',
        actions: ['s3:GetObject'],
        resources: [stagingBucket.arnForObjects('staging/*')],
      }),
    );
    // One listing of staging/<runId>/ tells which targets were staged and which failed.
    sealRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ListStagedRecords',
        actions: ['s3:ListBucket'],
        resources: [stagingBucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': ['staging/*'] } },
      }),
    );
    sealRole.addToPrincipalPolicy(listEvidence(evidenceBucket.bucketArn, evidencePrefix));
    sealRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteAndReadSealedRuns',
        // PutObjectRetention: every PutObject carries ObjectLockMode COMPLIANCE and a retain-until date.
        actions: ['s3:GetObject', 's3:PutObject', 's3:PutObjectRetention'],
        resources: [evidenceBucket.arnForObjects(`${evidencePrefix}*`)],
      }),
    );
    // Attestations and the trust list: read only, only under their two prefixes; nothing in the stack writes there.
    const attestationPrefixes = [ATTESTATIONS_PREFIX, TRUSTED_ATTESTERS_PREFIX];
    sealRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ListAttestations',
        actions: ['s3:ListBucket'],
        resources: [storage.attestationsBucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': attestationPrefixes.map((p) => `${p}*`) } },
      }),
    );
    sealRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadAttestations',
        actions: ['s3:GetObject'],
        resources: attestationPrefixes.map((p) => storage.attestationsBucket.arnForObjects(`${p}*`)),
      }),
    );
    storage.allowSigning(sealRole, 'EvaluateAndSeal');
    storage.allowDecryptThroughS3(sealRole, 'EvaluateAndSeal');
    storage.allowEncryptThroughS3(sealRole, 'EvaluateAndSeal');
    Validations.of(sealRole).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::${nagArn(stagingBucket)}/staging/*]`,
        reason: 'Reads the staged objects of the run it seals, named by run id, account and region at run time.',
      },
      ...attestationPrefixes.map((p) => ({
        id: `AwsSolutions-IAM5[Resource::${nagArn(storage.attestationsBucket)}/${p}*]`,
        reason: `Reads every file people uploaded under ${p} (named by them, not known at deploy time) to seal it with each run; read only, and nothing else of the bucket.`,
      })),
      {
        id: `AwsSolutions-IAM5[Resource::${nagArn(evidenceBucket)}/${evidencePrefix}*]`,
        reason:
          'A sealed run is stored under content-addressed keys (runs/<runId>/evidence/<sha256>.json and so on) that exist only once it is sealed; Object Lock COMPLIANCE and the bucket policy keep them from being overwritten or deleted.',
      },
    );

    // --- publish: the sealed run's findings to Security Hub.
    this.publish = new EvidenceFunction(this, 'Publish', {
      name: 'publish',
      description: 'ai-evidence: publishes the findings of a sealed run to AWS Security Hub.',
      memorySize: 1024,
      // With member publishing, every account of the run in one invocation (ten at a time).
      timeout: Duration.minutes(config.memberPublishRole ? 15 : 10),
      logRetention,
      environment: {
        EVIDENCE_BUCKET: evidenceBucket.bucketName,
        EVIDENCE_PREFIX: evidencePrefix,
        ...(config.memberPublishRole ? { MEMBER_PUBLISH_ROLE_NAME: config.memberPublishRoleName, EXTERNAL_ID: config.externalId } : {}),
      },
      // Named, so that the member publish roles' trust policies can name it.
      ...(config.memberPublishRole ? { roleName: config.publishRoleName } : {}),
    });
    const publishRole = this.publish.role;
    if (config.memberPublishRole) {
      publishRole.addToPrincipalPolicy(assumeMemberRole('AssumeMemberPublishRole', config.memberPublishRoleName, config));
      if (config.targetAccounts.length === 0) Validations.of(publishRole).acknowledge(anyMemberAck(config.memberPublishRoleName));
    }
    publishRole.addToPrincipalPolicy(listEvidence(evidenceBucket.bucketArn, evidencePrefix));
    publishRole.addToPrincipalPolicy(readEvidence(evidenceBucket.arnForObjects(`${evidencePrefix}*`)));
    storage.allowDecryptThroughS3(publishRole, 'Publish');
    for (const [resource, actions] of securityHubGrants(Aws.REGION)) {
      publishRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources: [resource] }));
    }
    Validations.of(publishRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagArn(evidenceBucket)}/${evidencePrefix}*]`,
      reason: 'Reads the objects of the sealed run it publishes (content-addressed keys under runs/<runId>/); read only.',
    });

    // --- export: an auditor bundle for a time range, returned as a presigned URL.
    this.export = new EvidenceFunction(this, 'Export', {
      name: 'export',
      description: 'ai-evidence: builds the auditor bundle of a time range and returns a presigned URL to it.',
      memorySize: 4096,
      timeout: Duration.minutes(15),
      logRetention,
      environment: {
        EVIDENCE_BUCKET: evidenceBucket.bucketName,
        EVIDENCE_PREFIX: evidencePrefix,
        EXPORT_BUCKET: exportBucket.bucketName,
        EXPORT_URL_TTL_SECONDS: String(config.exportUrlTtlSeconds),
        // Verification before an export pins the signing key's public key, and the TSA roots.
        SIGNING_KEY_ID: storage.signingKey.keyArn,
        ...(tsaEnvironment(config).TSA_CA_PEM === undefined ? {} : { TSA_CA_PEM: tsaEnvironment(config).TSA_CA_PEM as string }),
      },
      // The bundle is written to /tmp before it is uploaded.
      ephemeralStorageSize: Size.gibibytes(10),
    });
    const exportRole = this.export.role;
    exportRole.addToPrincipalPolicy(listEvidence(evidenceBucket.bucketArn, evidencePrefix));
    exportRole.addToPrincipalPolicy(readEvidence(evidenceBucket.arnForObjects(`${evidencePrefix}*`)));
    exportRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteBundles',
        // GetObject too: the presigned URL is signed with this role's credentials.
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [exportBucket.arnForObjects('exports/*')],
      }),
    );
    storage.allowReadingPublicKey(exportRole);
    storage.allowDecryptThroughS3(exportRole, 'Export');
    storage.allowEncryptThroughS3(exportRole, 'Export');
    Validations.of(exportRole).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::${nagArn(evidenceBucket)}/${evidencePrefix}*]`,
        reason: 'Reads the sealed runs of the requested time range, whose keys are known only from listing; read only.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${nagArn(exportBucket)}/exports/*]`,
        reason: 'Each export writes a new bundle named by its creation time and a random suffix; limited to the exports/ prefix.',
      },
    );

    // --- the state machine.
    this.stateMachine = this.pipeline(config, logRetention);
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: 'ai-evidence: starts an assessment run.',
      schedule: scheduler.ScheduleExpression.expression(config.schedule),
      target: new schedulerTargets.StepFunctionsStartExecution(this.stateMachine, {
        input: scheduler.ScheduleTargetInput.fromObject({}),
        retryAttempts: 3,
        maxEventAge: Duration.hours(1),
      }),
    });

    new CfnOutput(this, 'EvidenceBucketName', { value: evidenceBucket.bucketName, description: 'Object Lock store of the sealed runs.' });
    new CfnOutput(this, 'SigningKeyArn', {
      value: storage.signingKey.keyArn,
      description: 'KMS key that signs the runs; pin its public key.',
    });
    new CfnOutput(this, 'StateMachineArn', { value: this.stateMachine.stateMachineArn, description: 'Starts a run on demand.' });
    new CfnOutput(this, 'ExportFunctionName', { value: this.export.fn.functionName, description: 'Invoke with {"from","to"}.' });
    new CfnOutput(this, 'AttestationsBucketName', {
      value: storage.attestationsBucket.bucketName,
      description: 'Upload signed attestations to attestations/ and attester public keys to trusted-attesters/; sealed with every run.',
    });
    new CfnOutput(this, 'CollectRoleArn', { value: this.collect.role.roleArn, description: 'Member roles trust this role.' });
  }

  /**
   * A check that no other run is going, list-targets (which writes the run's targets and accounts
   * to S3), then collect for every target in a Distributed Map that reads them with an ItemReader
   * and writes its children's results with a ResultWriter (a target that fails is caught and
   * written to S3 as a failed-target object, so the others go on), then seal-shard for every
   * account in a second Distributed Map over the accounts (a shard whose step fails is sealed
   * FAILED by the run seal), then the run seal (evaluate-and-seal), which reads the shards'
   * summaries from S3, then publish. Nothing in the execution's state grows with targets.
   */
  private pipeline(config: DeployConfig, logRetention: logs.RetentionDays): sfn.StateMachine {
    const { stagingBucket } = this.storage;
    const stateMachineName = `${this.stackName}-Run`;
    const stateMachineArn = this.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    // A run never starts while another is going: two runs would both chain to the same previous
    // run. ListExecutions is eventually consistent, so two runs started within a second may both
    // pass; the seal's chain claim (lib/pipeline/seal-run.ts) then refuses the second.
    const checkNoOtherRun = tasks.CallAwsService.jsonata(this, 'CheckNoRunInProgressTask', {
      stateName: 'CheckNoRunInProgress',
      service: 'sfn',
      action: 'listExecutions',
      iamAction: 'states:ListExecutions',
      iamResources: [stateMachineArn],
      // Two are enough to tell: a page of two running executions holds another one if there is one.
      parameters: { StateMachineArn: '{% $states.context.StateMachine.Id %}', StatusFilter: 'RUNNING', MaxResults: 2 },
      outputs: {
        input: '{% $states.input %}',
        otherRuns: '{% $count($states.result.Executions[ExecutionArn != $states.context.Execution.Id]) %}',
      },
    });
    retryAwsCall(checkNoOtherRun);
    const runInProgress = new sfn.Fail(this, 'RunInProgress', {
      stateName: 'RunInProgress',
      error: 'RunInProgress',
      cause:
        'Another execution of this state machine is running: a run does not start while one is going, since both would chain to the same previous run. Nothing was collected or written; the next scheduled run starts as usual.',
    });

    const listTargets = new tasks.LambdaInvoke(this, 'ListTargetsTask', {
      stateName: 'ListTargets',
      lambdaFunction: this.listTargets.fn,
      // The execution's input: {} from the schedule, or { accounts?, regions? } for a run on demand.
      payload: sfn.TaskInput.fromJsonPathAt('$.input'),
      outputPath: '$.Payload',
      retryOnServiceExceptions: false,
    });
    retryLambda(listTargets, 6);
    const anotherRun = sfn.Choice.jsonata(this, 'AnotherRunGoing', { stateName: 'AnotherRunGoing' })
      .when(sfn.Condition.jsonata('{% $states.input.otherRuns > 0 %}'), runInProgress)
      .otherwise(listTargets);

    const collect = new tasks.LambdaInvoke(this, 'CollectTask', {
      stateName: 'Collect',
      lambdaFunction: this.collect.fn,
      // The ResultWriter writes each child's output to S3: the ids and the staged key are enough
      // (evaluate-and-seal finds each target's staged object by its key, not from this).
      resultSelector: {
        'runId.$': '$.Payload.runId',
        'accountId.$': '$.Payload.accountId',
        'region.$': '$.Payload.region',
        'stagedKey.$': '$.Payload.stagedKey',
      },
      retryOnServiceExceptions: false,
    });
    // Many children at once meet Lambda's concurrency: throttled invocations wait and try again,
    // spread by full jitter so that they do not come back together.
    retryLambda(collect, 10);
    // JSONata, so that a missing Cause cannot fail the catcher and a long one is cut to size.
    const recordFailure = tasks.CallAwsService.jsonata(this, 'RecordFailedTarget', {
      stateName: 'RecordFailedTarget',
      service: 's3',
      action: 'putObject',
      iamResources: [stagingBucket.arnForObjects('staging/*')],
      parameters: {
        Bucket: stagingBucket.bucketName,
        Key: '{% "staging/" & $states.input.runId & "/" & $states.input.accountId & "/" & $states.input.region & ".failed.json" %}',
        ContentType: 'application/json',
        Body: {
          schemaVersion: 1,
          runId: '{% $states.input.runId %}',
          accountId: '{% $states.input.accountId %}',
          region: '{% $states.input.region %}',
          error: '{% $states.input.failure.Error %}',
          cause: `{% $exists($states.input.failure.Cause) ? $substring($string($states.input.failure.Cause), 0, ${MAX_FAILURE_CAUSE_CHARS}) : "" %}`,
        },
      },
      outputs: { accountId: '{% $states.input.accountId %}', region: '{% $states.input.region %}', failed: true },
    });
    retryAwsCall(recordFailure);
    collect.addCatch(recordFailure, { errors: [sfn.Errors.ALL], resultPath: '$.failure' });

    const collectEachTarget = new sfn.DistributedMap(this, 'CollectEachTargetMap', {
      stateName: 'CollectEachTarget',
      itemReader: new sfn.S3JsonLItemReader({ bucket: stagingBucket, key: sfn.JsonPath.stringAt('$.targets.key') }),
      itemSelector: {
        'runId.$': '$.runId',
        'startedAt.$': '$.startedAt',
        'accountId.$': '$$.Map.Item.Value.accountId',
        'region.$': '$$.Map.Item.Value.region',
      },
      maxConcurrency: config.maxConcurrency,
      mapExecutionType: sfn.StateMachineType.STANDARD,
      // A child that fails even its Catch (S3 refusing the failed-target object) must not fail the
      // run: evaluate-and-seal finds nothing staged for its target and records it as FAILED.
      toleratedFailurePercentage: 100,
      resultWriterV2: new sfn.ResultWriterV2({
        bucket: stagingBucket,
        prefix: MAP_RESULTS_PREFIX,
        writerConfig: new sfn.WriterConfig({ outputType: sfn.OutputType.JSONL, transformation: sfn.Transformation.COMPACT }),
      }),
      resultSelector: { 'mapRunArn.$': '$.MapRunArn', 'resultWriterDetails.$': '$.ResultWriterDetails' },
      resultPath: '$.collected',
    });
    collectEachTarget.itemProcessor(collect);

    const sealShard = new tasks.LambdaInvoke(this, 'SealShardTask', {
      stateName: 'SealShard',
      lambdaFunction: this.sealShard.fn,
      // The ResultWriter writes what is kept of each child: the run seal reads each account's
      // summary from staging/<runId>/shards/<account>.json, not from this.
      resultSelector: {
        'runId.$': '$.Payload.runId',
        'accountId.$': '$.Payload.accountId',
        'summaryKey.$': '$.Payload.summaryKey',
      },
      retryOnServiceExceptions: false,
    });
    retryLambda(sealShard, 10);
    // A shard step is pure over the staged objects: tried again, it writes the same bytes, found stored.
    sealShard.addRetry({
      errors: ['Sandbox.Timedout', 'States.Timeout'],
      interval: Duration.seconds(10),
      maxAttempts: 2,
      backoffRate: 2,
      jitterStrategy: sfn.JitterType.FULL,
    });
    const sealEachAccount = new sfn.DistributedMap(this, 'SealEachAccountMap', {
      stateName: 'SealEachAccount',
      itemReader: new sfn.S3JsonLItemReader({ bucket: stagingBucket, key: sfn.JsonPath.stringAt('$.accounts.key') }),
      itemSelector: {
        'runId.$': '$.runId',
        'startedAt.$': '$.startedAt',
        'accountId.$': '$$.Map.Item.Value.accountId',
        'regions.$': '$$.Map.Item.Value.regions',
      },
      maxConcurrency: config.sealShardConcurrency,
      mapExecutionType: sfn.StateMachineType.STANDARD,
      // A child that fails after its retries must not fail the run: the run seal finds no summary
      // of its account and seals its shard FAILED for every target (or re-uses what it stored).
      toleratedFailurePercentage: 100,
      resultWriterV2: new sfn.ResultWriterV2({
        bucket: stagingBucket,
        prefix: MAP_RESULTS_PREFIX,
        writerConfig: new sfn.WriterConfig({ outputType: sfn.OutputType.JSONL, transformation: sfn.Transformation.COMPACT }),
      }),
      resultSelector: { 'mapRunArn.$': '$.MapRunArn', 'resultWriterDetails.$': '$.ResultWriterDetails' },
      resultPath: '$.sealedShards',
    });
    sealEachAccount.itemProcessor(sealShard);

    const evaluateAndSeal = new tasks.LambdaInvoke(this, 'EvaluateAndSealTask', {
      stateName: 'EvaluateAndSeal',
      lambdaFunction: this.evaluateAndSeal.fn,
      payload: sfn.TaskInput.fromObject({
        runId: sfn.JsonPath.stringAt('$.runId'),
        startedAt: sfn.JsonPath.stringAt('$.startedAt'),
        targets: sfn.JsonPath.objectAt('$.targets'),
        accounts: sfn.JsonPath.objectAt('$.accounts'),
      }),
      outputPath: '$.Payload',
      retryOnServiceExceptions: false,
    });
    retryLambda(evaluateAndSeal, 6);
    // A seal that ran out of time is tried again: it resumes, skipping what it already stored.
    evaluateAndSeal.addRetry({
      errors: ['Sandbox.Timedout', 'States.Timeout'],
      interval: Duration.seconds(10),
      maxAttempts: 2,
      backoffRate: 2,
      jitterStrategy: sfn.JitterType.FULL,
    });

    const publish = new tasks.LambdaInvoke(this, 'PublishTask', {
      stateName: 'Publish',
      lambdaFunction: this.publish.fn,
      payload: sfn.TaskInput.fromObject({ runId: sfn.JsonPath.stringAt('$.runId') }),
      resultSelector: { 'report.$': '$.Payload' },
      resultPath: '$.published',
      retryOnServiceExceptions: false,
    });
    retryLambda(publish, 6);

    // Execution data is logged: the log group is encrypted with a key of its own.
    const logGroupName = `/aws/vendedlogs/states/${stateMachineName}`;
    this.storage.allowLogGroup(
      this.formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
    );
    const logGroup = new logs.LogGroup(this, 'StateMachineLogs', {
      logGroupName,
      encryptionKey: this.storage.logsKey,
      retention: logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    listTargets.next(collectEachTarget).next(sealEachAccount).next(evaluateAndSeal).next(publish);
    const stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName,
      comment: 'ai-evidence: one assessment run.',
      definitionBody: sfn.DefinitionBody.fromChainable(checkNoOtherRun.next(anotherRun)),
      stateMachineType: sfn.StateMachineType.STANDARD,
      timeout: Duration.hours(6),
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });
    // The ItemReader reads the targets object and the ResultWriter writes the results, both in the
    // SSE-KMS staging bucket; RecordFailedTarget writes there too.
    this.storage.allowDecryptThroughS3(stateMachine.role, 'StateMachine');
    this.storage.allowEncryptThroughS3(stateMachine.role, 'StateMachine');

    // On the state machine: its role and the policy the Distributed Map adds are both below it.
    Validations.of(stateMachine).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::<${this.getLogicalId(stagingBucket.node.defaultChild as CfnElement)}>/*]`,
        reason:
          "The Distributed Maps' ItemReaders (s3:GetObject of staging/<runId>/targets.jsonl and accounts.jsonl) and ResultWriters (map-results/<MapRunId>/...) as CDK grants them: objects of the staging bucket only, named at run time; the bucket is scratch space that expires.",
      },
      {
        id: `AwsSolutions-IAM5[Resource::${nagArn(stagingBucket)}/staging/*]`,
        reason: "RecordFailedTarget writes a failed target's object, staging/<runId>/<account>/<region>.failed.json, named at run time.",
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'X-Ray tracing (xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets) and CloudWatch Logs delivery (logs:CreateLogDelivery and the other vended-log actions) support no resource-level permission.',
      },
      ...[this.listTargets, this.collect, this.sealShard, this.evaluateAndSeal, this.publish].map((f) => ({
        id: `AwsSolutions-IAM5[Resource::${nagArn(f.fn)}:*]`,
        reason: `Invoking the ${f.node.id} function by its ARN with any version or alias qualifier, which is how the LambdaInvoke task grants it; the function itself is fixed.`,
      })),
      ...[':*', '/*:*'].map((suffix) => ({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${this.getLogicalId(stateMachine.node.defaultChild as CfnElement)}"}]}]}${suffix}]`,
        reason:
          'The Distributed Maps run each target and each account as a child execution of this state machine, named at run time; DescribeExecution and StopExecution are limited to executions of this state machine.',
      })),
    );
    return stateMachine;
  }
}

/**
 * sts:AssumeRole on the role `roleName` of the member accounts: the configured accounts, or any
 * account when they come from AWS Organizations (limited to the organization when its id is set).
 */
function assumeMemberRole(sid: string, roleName: string, config: DeployConfig): iam.PolicyStatement {
  const resources =
    config.targetAccounts.length > 0
      ? config.targetAccounts.map((account) => `arn:${Aws.PARTITION}:iam::${account}:role/${roleName}`)
      : [`arn:${Aws.PARTITION}:iam::*:role/${roleName}`];
  return new iam.PolicyStatement({
    sid,
    actions: ['sts:AssumeRole'],
    resources,
    ...(config.organizationId ? { conditions: { StringEquals: { 'aws:ResourceOrgID': config.organizationId } } } : {}),
  });
}

/** The acknowledgement of {@link assumeMemberRole}'s `iam::*` resource when the accounts come from AWS Organizations. */
function anyMemberAck(roleName: string): { id: string; reason: string } {
  return {
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/${roleName}]`,
    reason: `The member accounts come from AWS Organizations at run time; only the role named ${roleName} may be assumed, and its trust policy requires this role and the ExternalId.`,
  };
}

function listEvidence(bucketArn: string, prefix: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'ListSealedRuns',
    actions: ['s3:ListBucket'],
    resources: [bucketArn],
    ...(prefix ? { conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } } } : {}),
  });
}

function readEvidence(objectsArn: string): iam.PolicyStatement {
  return new iam.PolicyStatement({ sid: 'ReadSealedRuns', actions: ['s3:GetObject'], resources: [objectsArn] });
}

/** The CloudWatch Logs retention closest to `days` from above (Logs accepts only some values). */
export function retentionDays(days: number): logs.RetentionDays {
  const allowed = Object.values(logs.RetentionDays)
    .filter((value): value is logs.RetentionDays => typeof value === 'number' && value > 0)
    .sort((a, b) => a - b);
  const fit = allowed.find((value) => value >= days);
  if (fit === undefined) throw new Error(`No CloudWatch Logs retention is ${days} days or longer.`);
  return fit;
}

/** How cdk-nag writes the ARN of a resource of this app in a finding id: `<LogicalId.Arn>`. */
function nagArn(construct: Construct): string {
  const cfn = construct.node.defaultChild as CfnElement;
  return `<${Stack.of(construct).getLogicalId(cfn)}.Arn>`;
}

/**
 * Retries a Lambda task on throttling and the service's errors: exponential backoff from 2 s, at
 * most a minute apart, with full jitter, so that children throttled together do not retry together.
 */
function retryLambda(task: tasks.LambdaInvoke, maxAttempts: number): void {
  task.addRetry({
    errors: [...LAMBDA_RETRY_ERRORS],
    interval: Duration.seconds(2),
    backoffRate: 2,
    maxDelay: Duration.minutes(1),
    maxAttempts,
    jitterStrategy: sfn.JitterType.FULL,
  });
}

/** Retries an AWS SDK integration task on any error: a few times, with backoff and full jitter. */
function retryAwsCall(task: sfn.TaskStateBase): void {
  task.addRetry({
    errors: [sfn.Errors.ALL],
    interval: Duration.seconds(1),
    backoffRate: 2,
    maxDelay: Duration.seconds(30),
    maxAttempts: 4,
    jitterStrategy: sfn.JitterType.FULL,
  });
}

/**
 * The evaluate-and-seal variables of the TSA settings: none without tsaUrls. The anchors file is read
 * at synth and passed as TSA_CA_PEM (Lambda's 4 KB environment holds a few root certificates).
 */
function tsaEnvironment(config: DeployConfig): Record<string, string> {
  if (config.tsaUrls.length === 0 || config.tsaCaFile === undefined) return {};
  let pem: string;
  try {
    pem = readFileSync(config.tsaCaFile, 'utf8');
  } catch (error) {
    throw new DeployConfigError(`tsaCaFile ${config.tsaCaFile} cannot be read: ${(error as Error).message}.`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new DeployConfigError(`tsaCaFile ${config.tsaCaFile} holds no PEM certificate.`);
  return { TSA_URLS: config.tsaUrls.join(','), TSA_CA_PEM: pem, TSA_TIMEOUT_MS: String(config.tsaTimeoutSeconds * 1000) };
}
