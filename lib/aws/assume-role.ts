import { AssumeRoleCommand, GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { classifyAwsError } from '../collectors/errors.js';
import type { ReadFailureKind } from '../evidence/coverage.js';

/** Who the function runs as: its account and the partition of its ARN (`aws`, `aws-cn`, `aws-us-gov`). */
export interface CallerIdentity {
  accountId: string;
  partition: string;
}

/** sts:GetCallerIdentity (which needs no permission) as account and partition. */
export async function callerIdentity(sts: STSClient): Promise<CallerIdentity> {
  const answer = await sts.send(new GetCallerIdentityCommand({}));
  const partition = /^arn:([^:]+):/.exec(answer.Arn ?? '')?.[1];
  if (!answer.Account || !/^[0-9]{12}$/.test(answer.Account) || partition === undefined) {
    throw new Error(`STS GetCallerIdentity gave no account id and ARN (Account ${String(answer.Account)}, Arn ${String(answer.Arn)}).`);
  }
  return { accountId: answer.Account, partition };
}

/** The ARN of the role `roleName` in a member account (the read-only role, or the member publish role). */
export function memberRoleArn(partition: string, accountId: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/** A role could not be assumed: names the role and the reason, and sorts the AWS error for coverage. */
export class AssumeRoleError extends Error {
  readonly roleArn: string;
  readonly kind: ReadFailureKind;
  readonly code: string;
  /** The HTTP status of STS's answer, when there was one. */
  readonly httpStatus: number | undefined;
  constructor(
    roleArn: string,
    kind: ReadFailureKind,
    code: string,
    message: string,
    options?: ErrorOptions & { httpStatus?: number | undefined },
  ) {
    super(message, options);
    this.name = 'AssumeRoleError';
    this.roleArn = roleArn;
    this.kind = kind;
    this.code = code;
    this.httpStatus = options?.httpStatus;
  }
}

export interface AssumeRoleOptions {
  sts: STSClient;
  roleArn: string;
  /** The ExternalId the role's trust policy requires (the confused-deputy guard). */
  externalId: string;
  /** Shows in the member account's CloudTrail as the session name. */
  sessionName: string;
  durationSeconds?: number;
  /**
   * What to do when the role refuses us, for the error: by default, deploy the read-only member
   * role trusting the collect function role.
   */
  deniedHint?: string;
}

/**
 * Temporary credentials of `roleArn`, asked for with the ExternalId. Any failure (the role is
 * missing, its trust policy does not name us or the ExternalId, STS is unreachable) is an
 * {@link AssumeRoleError} naming sts:AssumeRole and the role.
 */
export async function assumeRole(options: AssumeRoleOptions): Promise<AwsCredentialIdentity & { sessionToken: string }> {
  const { roleArn } = options;
  let credentials: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date } | undefined;
  try {
    const answer = await options.sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: options.sessionName.replace(/[^\w+=,.@-]/g, '-').slice(0, 64),
        ExternalId: options.externalId,
        DurationSeconds: options.durationSeconds ?? 3600,
      }),
    );
    credentials = answer.Credentials;
  } catch (error) {
    const { kind, code, message, httpStatus } = classifyAwsError(error);
    const hint =
      kind === 'ACCESS_DENIED'
        ? ` ${options.deniedHint ?? 'Deploy the member role in that account, trusting the collect function role with the ExternalId condition.'}`
        : '';
    throw new AssumeRoleError(roleArn, kind, code, `sts:AssumeRole on ${roleArn} failed: ${code}: ${message.replace(/\.$/, '')}.${hint}`, {
      cause: error,
      httpStatus,
    });
  }
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken) {
    throw new AssumeRoleError(roleArn, 'INVALID_RESPONSE', 'NoCredentials', `sts:AssumeRole on ${roleArn} returned no credentials.`);
  }
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
    ...(credentials.Expiration ? { expiration: credentials.Expiration } : {}),
  };
}
