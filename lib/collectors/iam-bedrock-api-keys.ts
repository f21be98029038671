import { type IAMClient, ListServiceSpecificCredentialsCommand, type ServiceSpecificCredentialMetadata } from '@aws-sdk/client-iam';
import type { CoverageError } from '../evidence/coverage.js';
import { type EvidenceRecord, makeEvidence } from '../evidence/record.js';
import { collectorResult, coverageError, InvalidResponseError } from './errors.js';
import { IAM_HOME_REGION } from './iam-global.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

export const IAM_BEDROCK_API_KEYS = 'iam.bedrock-api-keys';
export const SERVICE_CREDENTIAL_TYPE = 'AWS::IAM::ServiceSpecificCredential';
/** Long-term Amazon Bedrock API keys are IAM service-specific credentials for this service. */
export const BEDROCK_SERVICE_NAME = 'bedrock.amazonaws.com';

/** A service-specific credential has no ARN: it is named by its user's ARN and its id. */
export function serviceCredentialId(accountId: string, userName: string, credentialId: string): string {
  return `arn:aws:iam::${accountId}:user/${userName}#${credentialId}`;
}

/**
 * Long-term Amazon Bedrock API keys of every IAM user: ListServiceSpecificCredentials with
 * ServiceName bedrock.amazonaws.com and AllUsers, every Marker page, one record per credential (its
 * metadata as returned; IAM never returns the secret here). Read in the IAM home region only (see
 * {@link IAM_HOME_REGION}).
 */
export const iamBedrockApiKeys: Collector = {
  id: IAM_BEDROCK_API_KEYS,
  service: 'iam',
  description: `Long-term Amazon Bedrock API keys (IAM service-specific credentials) of every IAM user (read in ${IAM_HOME_REGION} only).`,
  actions: ['iam:ListServiceSpecificCredentials'],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    if (ctx.region !== IAM_HOME_REGION) return collectorResult(IAM_BEDROCK_API_KEYS, ctx, [], []);
    const client = ctx.clients.client('iam', ctx.region);
    const errors: CoverageError[] = [];
    const records: EvidenceRecord[] = [];
    try {
      for await (const credentials of bedrockApiKeyPages(client))
        for (const credential of credentials) records.push(toRecord(ctx, credential));
    } catch (error) {
      errors.push(coverageError('ListServiceSpecificCredentials', error));
    }
    return collectorResult(IAM_BEDROCK_API_KEYS, ctx, records, errors);
  },
};

/**
 * The Bedrock API keys of every IAM user, a page at a time (ListServiceSpecificCredentials with
 * ServiceName bedrock.amazonaws.com and AllUsers, following Marker). A Marker the listing already
 * gave is an InvalidResponseError (the pages would loop); the pages before it have been yielded.
 */
export async function* bedrockApiKeyPages(client: IAMClient): AsyncGenerator<ServiceSpecificCredentialMetadata[]> {
  const markers = new Set<string>();
  let marker: string | undefined;
  do {
    const page = await client.send(
      new ListServiceSpecificCredentialsCommand({ ServiceName: BEDROCK_SERVICE_NAME, AllUsers: true, Marker: marker, MaxItems: 100 }),
    );
    yield page.ServiceSpecificCredentials ?? [];
    marker = page.IsTruncated === true && page.Marker ? page.Marker : undefined;
    if (marker !== undefined) {
      if (markers.has(marker)) throw new InvalidResponseError('ListServiceSpecificCredentials returned a Marker it had already returned.');
      markers.add(marker);
    }
  } while (marker !== undefined);
}

function toRecord(ctx: CollectorContext, credential: ServiceSpecificCredentialMetadata): EvidenceRecord {
  if (!credential.UserName || !credential.ServiceSpecificCredentialId) {
    throw new InvalidResponseError('ListServiceSpecificCredentials returned a credential without its UserName or id.');
  }
  return makeEvidence({
    accountId: ctx.accountId,
    region: ctx.region,
    source: { collector: IAM_BEDROCK_API_KEYS, service: 'iam', operation: 'ListServiceSpecificCredentials' },
    resource: {
      type: SERVICE_CREDENTIAL_TYPE,
      id: serviceCredentialId(ctx.accountId, credential.UserName, credential.ServiceSpecificCredentialId),
    },
    collectedAt: ctx.now(),
    data: credential,
  });
}
