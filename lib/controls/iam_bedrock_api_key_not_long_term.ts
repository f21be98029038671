import { IAM_BEDROCK_API_KEYS, SERVICE_CREDENTIAL_TYPE } from '../collectors/iam-bedrock-api-keys.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { perResource, type Verdict } from './per-resource.js';
import { iamAccountResource, oncePerAccount, textField } from './supporting-helpers.js';
import type { ControlMetadata, EvaluationInput, Finding } from './types.js';

/**
 * No IAM user holds an active long-term Amazon Bedrock API key. Whether a key has expired is judged
 * at the run's start (`evaluatedAt`), the one clock evaluation may read, so re-evaluation agrees.
 */
function judgeAt(evaluatedAt: string) {
  return (record: EvidenceRecord): Verdict => {
    const user = textField(record, 'UserName') ?? '?';
    const id = textField(record, 'ServiceSpecificCredentialId') ?? record.resource.id;
    const status = textField(record, 'Status');
    const subject = `Long-term Amazon Bedrock API key ${id} of IAM user ${user}`;
    if (status === undefined)
      return { status: 'INSUFFICIENT_EVIDENCE', reason: `ListServiceSpecificCredentials returned no Status for ${subject.toLowerCase()}.` };
    if (status !== 'Active') return { status: 'PASS', reason: `${subject} is ${status}.` };
    const expires = textField(record, 'ExpirationDate');
    if (expires === undefined) return { status: 'FAIL', reason: `${subject} is active and never expires.` };
    if (Number.isNaN(Date.parse(expires)))
      return { status: 'INSUFFICIENT_EVIDENCE', reason: `${subject} has an ExpirationDate that is not a date: ${expires}.` };
    return Date.parse(expires) <= Date.parse(evaluatedAt)
      ? { status: 'PASS', reason: `${subject} expired on ${expires}.` }
      : { status: 'FAIL', reason: `${subject} is active until ${expires}.` };
  };
}

const META: ControlMetadata = {
  id: 'iam_bedrock_api_key_not_long_term',
  version: 1,
  title: 'No IAM user holds an active long-term Amazon Bedrock API key',
  rationale:
    'A long-term Bedrock API key is a bearer secret that calls Bedrock as its IAM user until it expires or is deleted, without SigV4 signing or session limits; a leaked key invites model abuse and cost harvesting. AWS recommends short-term keys (derived from a session) and long-term keys only for exploration.',
  severity: 'MEDIUM',
  remediation:
    'Deactivate and delete the key (UpdateServiceSpecificCredential with Status Inactive, then DeleteServiceSpecificCredential); give applications IAM roles or short-term Bedrock API keys, and deny iam:CreateServiceSpecificCredential for bedrock.amazonaws.com with a service control policy.',
  cafAi: ['identity-and-access-management'],
  aiRmf: ['MEASURE 2.7', 'MANAGE 2.4'],
  iso42001: ['A.3.2'],
  aiLayers: ['input', 'output'],
  securityHubControls: [],
  configRules: [],
  collectors: [IAM_BEDROCK_API_KEYS],
  resourceType: SERVICE_CREDENTIAL_TYPE,
};

const evaluate = (input: EvaluationInput): Finding[] =>
  perResource(META, {
    collector: IAM_BEDROCK_API_KEYS,
    noun: 'long-term Amazon Bedrock API keys',
    scopeResource: iamAccountResource,
    check: judgeAt(input.evaluatedAt),
  }).evaluate(input);

/** Active long-term Bedrock API keys fail; expired or inactive ones pass; none at all is NOT_APPLICABLE. */
export const control = oncePerAccount({ ...META, evaluate });
