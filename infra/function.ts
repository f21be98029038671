import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Duration, RemovalPolicy, type Size } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BUNDLE_MAIN_FIELDS, BUNDLE_TARGET, ESM_REQUIRE_BANNER } from './bundling.js';

/** The repository root: functions/, package-lock.json and tsconfig.json live there. */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The newest Node.js runtime aws-cdk-lib offers; the functions are tested on Node 20 and later. */
export const RUNTIME = lambda.Runtime.NODEJS_24_X;

/** Powertools' settings, the same for every function. */
export const POWERTOOLS_ENV = {
  POWERTOOLS_SERVICE_NAME: 'ai-evidence',
  POWERTOOLS_METRICS_NAMESPACE: 'AiEvidence',
} as const;

export interface EvidenceFunctionProps {
  /** File name in functions/ without `.ts`, e.g. `collect`. */
  readonly name: string;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** Exactly the variables the handler reads (functions/env.ts `readEnv`). */
  readonly environment: Record<string, string>;
  readonly logRetention: logs.RetentionDays;
  /** A fixed role name, for a role that other accounts' trust policies name. */
  readonly roleName?: string;
  /** /tmp size, when the function writes more than Lambda's default 512 MiB there. */
  readonly ephemeralStorageSize?: Size;
  /** Concurrency reserved for the function out of the account's (none: it shares the account's pool). */
  readonly reservedConcurrentExecutions?: number;
}

/**
 * One Lambda function of the pipeline: its handler in functions/<name>.ts bundled locally by esbuild
 * (ESM, ARM64, the AWS SDK bundled so the deployed code is the tested code), its own role that
 * starts with no permission at all and its own log group. Each caller adds only what the function
 * calls.
 */
export class EvidenceFunction extends Construct {
  readonly fn: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: EvidenceFunctionProps) {
    super(scope, id);
    const entry = join(PROJECT_ROOT, 'functions', `${props.name}.ts`);
    if (!existsSync(entry)) throw new Error(`The handler of the ${props.name} function is missing: ${entry} does not exist.`);

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `ai-evidence ${props.name} function`,
      ...(props.roleName ? { roleName: props.roleName } : {}),
    });
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Only its own log group, instead of the AWSLambdaBasicExecutionRole managed policy.
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.fn = new nodejs.NodejsFunction(this, 'Function', {
      entry,
      handler: 'handler',
      description: props.description,
      runtime: RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      ...(props.ephemeralStorageSize ? { ephemeralStorageSize: props.ephemeralStorageSize } : {}),
      ...(props.reservedConcurrentExecutions !== undefined ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions } : {}),
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: { ...POWERTOOLS_ENV, ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: BUNDLE_TARGET,
        mainFields: BUNDLE_MAIN_FIELDS,
        banner: ESM_REQUIRE_BANNER,
        bundleAwsSDK: true,
        minify: true,
        sourceMap: true,
        sourcesContent: false,
        tsconfig: join(PROJECT_ROOT, 'tsconfig.json'),
        forceDockerBundling: false,
      },
    });
  }
}
