import { BEDROCK_DATA_RETENTION, DATA_RETENTION_TYPE } from '../collectors/bedrock-account-settings.js';
import { perResource } from './per-resource.js';

/** What each data retention mode means for the prompts and completions of the account. */
const MODES: Readonly<Record<string, { status: 'PASS' | 'FAIL' | 'INSUFFICIENT_EVIDENCE'; says: string }>> = {
  none: { status: 'PASS', says: 'zero data retention: prompts and completions are not kept' },
  default: {
    status: 'PASS',
    says: 'the standard data handling: prompts and completions are neither reviewed by AWS nor shared with model providers',
  },
  aws_review: { status: 'FAIL', says: 'AWS may review the request data' },
  provider_data_share: { status: 'FAIL', says: 'request data may be shared with the model provider' },
  inherit: {
    status: 'INSUFFICIENT_EVIDENCE',
    says: 'no mode is set at the account, which inherits one from a scope this answer does not show',
  },
};

/** The account's Bedrock data retention mode keeps prompts and completions from AWS review and from model providers. */
export const control = perResource(
  {
    id: 'bedrock_account_data_retention_restricted',
    version: 1,
    title: 'Amazon Bedrock data retention keeps prompts and completions from AWS review and model providers',
    rationale:
      'The account-wide data retention mode decides what happens to the prompts and completions of every model invocation: kept not at all (none, zero data retention), handled as standard (default), open to review by AWS (aws_review), or shared with the model provider (provider_data_share). The last two let people outside the organization read customer data, prompts and model output, which rarely fits the data’s classification and must be a deliberate, documented choice.',
    severity: 'HIGH',
    remediation:
      'Set the mode with PutAccountDataRetention to none (zero data retention, where the models in use support it) or default in every region that invokes models, and use only models that support that mode; if an organization-level setting is inherited, check it there.',
    cafAi: ['data-protection', 'security-governance'],
    aiRmf: ['GOVERN 1.6', 'MEASURE 2.10'],
    iso42001: ['A.7.2', 'A.10.3'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
    collectors: [BEDROCK_DATA_RETENTION],
    resourceType: DATA_RETENTION_TYPE,
  },
  {
    collector: BEDROCK_DATA_RETENTION,
    noun: 'Bedrock data retention setting',
    onePerScope: true,
    check: (record) => {
      const where = `Amazon Bedrock data retention of account ${record.accountId} in ${record.region}`;
      const mode = record.data.mode;
      if (typeof mode !== 'string' || mode === '') {
        return {
          status: 'INSUFFICIENT_EVIDENCE',
          reason: `GetAccountDataRetention for account ${record.accountId} in ${record.region} reported no mode.`,
        };
      }
      const known = MODES[mode];
      if (known === undefined)
        return { status: 'INSUFFICIENT_EVIDENCE', reason: `${where} is in mode ${mode}, which this control does not know.` };
      const fix = known.status === 'FAIL' ? '; set it to none or default with PutAccountDataRetention' : '';
      return { status: known.status, reason: `${where} is ${mode}: ${known.says}${fix}.` };
    },
  },
);
