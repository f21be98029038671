import { GetTokenVaultCommand } from '@aws-sdk/client-bedrock-agentcore-control';
import type { CoverageError } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { classifyAwsError, collectorResult, coverageError, InvalidResponseError } from './errors.js';
import { governanceRecord } from './governance-helpers.js';
import { arnPrefix, text } from './list-describe.js';
import type { Collector, CollectorContext, CollectorResult } from './types.js';

export const AGENTCORE_TOKEN_VAULT = 'bedrock-agentcore.token-vault';
export const TOKEN_VAULT_TYPE = 'AWS::BedrockAgentCore::TokenVault';

/** The token vault AgentCore Identity keeps OAuth tokens and API keys in: one per account and region, named `default`. */
export const DEFAULT_TOKEN_VAULT = 'default';

/** The ARN of the account's token vault in a region (GetTokenVault answers with its id only). */
export function tokenVaultArn(scope: { accountId: string; region: string }, id: string = DEFAULT_TOKEN_VAULT): string {
  return `${arnPrefix('bedrock-agentcore', scope)}:token-vault/${id}`;
}

/**
 * The AgentCore Identity token vault of the region: GetTokenVault (the default vault), kept
 * verbatim. AgentCore creates the vault with the first credential provider, so a region that never
 * had one answers ResourceNotFoundException: that answer is kept as the record (data: the error
 * code and message), evidence that there is no vault, not a coverage gap.
 */
export const agentCoreTokenVault: Collector = {
  id: AGENTCORE_TOKEN_VAULT,
  service: 'bedrock-agentcore-control',
  description: 'The Amazon Bedrock AgentCore Identity token vault (OAuth tokens and API keys of credential providers) and its KMS key.',
  actions: ['bedrock-agentcore:GetTokenVault'],
  async collect(ctx: CollectorContext): Promise<CollectorResult> {
    const client = ctx.clients.client('bedrock-agentcore-control', ctx.region);
    const errors: CoverageError[] = [];
    const records: EvidenceRecord[] = [];
    const record = (id: string, data: object) =>
      governanceRecord(ctx, {
        collector: AGENTCORE_TOKEN_VAULT,
        service: 'bedrock-agentcore-control',
        operation: 'GetTokenVault',
        resource: { type: TOKEN_VAULT_TYPE, id: tokenVaultArn(ctx, id) },
        data,
      });
    try {
      const { $metadata: _, ...answer } = await client.send(new GetTokenVaultCommand({ tokenVaultId: DEFAULT_TOKEN_VAULT }));
      const id = text(answer.tokenVaultId);
      if (id === undefined) throw new InvalidResponseError('GetTokenVault returned no tokenVaultId.');
      records.push(record(id, answer));
    } catch (error) {
      const { code, message } = classifyAwsError(error);
      if (code === 'ResourceNotFoundException') records.push(record(DEFAULT_TOKEN_VAULT, { ErrorCode: code, ErrorMessage: message }));
      else errors.push(coverageError('GetTokenVault', error));
    }
    return collectorResult(AGENTCORE_TOKEN_VAULT, ctx, records, errors);
  },
};
