import { AGENTCORE_TOKEN_VAULT, TOKEN_VAULT_TYPE } from '../collectors/agentcore-token-vault.js';
import { resourceControl, textField } from './supporting-helpers.js';

/** The AgentCore Identity token vault, which holds the OAuth tokens and API keys agents act with, is encrypted with a customer managed KMS key. */
export const control = resourceControl(
  {
    id: 'agentcore_token_vault_encrypted_with_cmk',
    version: 1,
    title: 'The Bedrock AgentCore Identity token vault is encrypted with a customer managed KMS key',
    rationale:
      "The token vault keeps the credentials agents use on a user's behalf: OAuth access and refresh tokens, client secrets and API keys of every credential provider. With a customer managed key the organisation's key policy decides who may decrypt them, every decryption is in CloudTrail, and disabling the key cuts every agent off at once if a credential leaks; with the service managed key none of that is in the organisation's hands.",
    severity: 'HIGH',
    remediation:
      'Create a symmetric customer managed KMS key whose policy lets bedrock-agentcore.amazonaws.com use it, then call SetTokenVaultCMK for the default token vault with kmsConfiguration { keyType: "CustomerManagedKey", kmsKeyArn }.',
    cafAi: ['data-protection', 'identity-and-access-management'],
    aiRmf: ['MEASURE 2.7', 'MANAGE 2.4'],
    iso42001: ['A.4.4', 'A.7.2'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  {
    collector: AGENTCORE_TOKEN_VAULT,
    resourceType: TOKEN_VAULT_TYPE,
    noun: 'Bedrock AgentCore Identity token vaults',
    nameField: 'tokenVaultId',
  },
  (record, name) => {
    const subject = `The Bedrock AgentCore Identity token vault ${name} of account ${record.accountId} in ${record.region}`;
    if (textField(record, 'ErrorCode') === 'ResourceNotFoundException') {
      return {
        status: 'NOT_APPLICABLE',
        reason: `There is no Bedrock AgentCore Identity token vault in account ${record.accountId} in ${record.region}: no credential provider has been created there.`,
      };
    }
    const keyType = textField(record, 'kmsConfiguration.keyType');
    if (keyType === undefined) {
      return { status: 'INSUFFICIENT_EVIDENCE', reason: `GetTokenVault for ${subject} returned no kmsConfiguration.keyType.` };
    }
    if (keyType === 'ServiceManagedKey') {
      return { status: 'FAIL', reason: `${subject} is encrypted with the service managed key, not a customer managed KMS key.` };
    }
    if (keyType !== 'CustomerManagedKey') {
      return { status: 'INSUFFICIENT_EVIDENCE', reason: `${subject} has key type ${keyType}, which this control does not know.` };
    }
    const key = textField(record, 'kmsConfiguration.kmsKeyArn');
    return key === undefined
      ? { status: 'INSUFFICIENT_EVIDENCE', reason: `GetTokenVault for ${subject} says CustomerManagedKey but names no kmsKeyArn.` }
      : { status: 'PASS', reason: `${subject} is encrypted with customer managed KMS key ${key}.` };
  },
);
