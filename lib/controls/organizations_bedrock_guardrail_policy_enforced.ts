import {
  EFFECTIVE_POLICY_TYPE,
  effectivePolicyId,
  ORGANIZATIONS_BEDROCK_POLICY,
  ORGANIZATIONS_HOME_REGION,
} from '../collectors/organizations-ai-opt-out-policy.js';
import type { Scope } from '../evidence/coverage.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { asFields } from './bedrock.js';
import { makeFinding, type Verdict } from './per-resource.js';
import type { Control, ControlMetadata, EvaluationInput, Finding } from './types.js';

const META: ControlMetadata = {
  id: 'organizations_bedrock_guardrail_policy_enforced',
  version: 1,
  title: 'An AWS Organizations Bedrock policy enforces a guardrail on the account in each region',
  rationale:
    'A guardrail set in one account can be removed by whoever administers that account. An AWS Organizations Bedrock policy enforces a guardrail of the management account on every model invocation of the member accounts it applies to, per region, so the baseline of content filters, denied topics and PII rules holds across the organization whatever a member account configures. Selective guarding of user messages lets the caller choose what is inspected and does not count.',
  severity: 'MEDIUM',
  remediation:
    'In the management account, enable the Bedrock policy type, publish a numbered version of the baseline guardrail with a resource-based policy that lets the organization apply it, and attach a Bedrock policy with bedrock.guardrail_inference.<region>.<config>.identifier set to the guardrail ARN and version (user messages guarded comprehensive) for every region the accounts use. Check the result with DescribeEffectivePolicy.',
  cafAi: ['security-governance', 'application-security'],
  aiRmf: ['GOVERN 1.4', 'MANAGE 1.3'],
  iso42001: ['A.2.2', 'A.6.2.6'],
  aiLayers: ['input', 'output'],
  securityHubControls: [],
  configRules: [],
  collectors: [ORGANIZATIONS_BEDROCK_POLICY],
  resourceType: EFFECTIVE_POLICY_TYPE,
};

/** An effective policy value: plain, or under `@@assign` as in a policy document. */
function value(entry: unknown): unknown {
  const fields = asFields(entry);
  return fields !== undefined && '@@assign' in fields ? fields['@@assign'] : entry;
}

/** Judges the region `region` of the account's effective Bedrock policy record. */
function judge(record: EvidenceRecord, region: string): Verdict {
  const account = record.accountId;
  const where = `account ${account} in ${region}`;
  const error = asFields(record.data.Error);
  if (error !== undefined) {
    if (error.Code === 'AWSOrganizationsNotInUseException') {
      return {
        status: 'FAIL',
        reason: `Account ${account} is not in an AWS organization, so no Bedrock policy enforces a guardrail on it.`,
      };
    }
    if (error.Code === 'EffectivePolicyNotFoundException') {
      return {
        status: 'FAIL',
        reason: `No AWS Organizations Bedrock policy applies to account ${account}, so no guardrail is enforced on it in ${region}.`,
      };
    }
    return {
      status: 'INSUFFICIENT_EVIDENCE',
      reason: `DescribeEffectivePolicy (BEDROCK_POLICY) for account ${account} ended with ${String(error.Code)}.`,
    };
  }
  const content = asFields(record.data.EffectivePolicy)?.PolicyContent;
  if (typeof content !== 'string' || content.trim() === '') {
    return {
      status: 'INSUFFICIENT_EVIDENCE',
      reason: `DescribeEffectivePolicy (BEDROCK_POLICY) for account ${account} did not report its PolicyContent.`,
    };
  }
  let policy: unknown;
  try {
    policy = JSON.parse(content);
  } catch {
    return { status: 'INSUFFICIENT_EVIDENCE', reason: `The effective Bedrock policy of account ${account} is not valid JSON.` };
  }
  const inference = asFields(asFields(asFields(policy)?.bedrock)?.guardrail_inference);
  const configs = asFields(inference?.[region]);
  if (configs === undefined || Object.keys(configs).length === 0) {
    return {
      status: 'FAIL',
      reason: `The effective Bedrock policy of account ${account} enforces no guardrail in ${region}; add a guardrail_inference entry for ${region}.`,
    };
  }
  const enforcing: string[] = [];
  const weak: string[] = [];
  for (const [name, raw] of Object.entries(configs).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const config = asFields(raw);
    const identifier = value(config?.identifier);
    if (typeof identifier !== 'string' || identifier === '') {
      return {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `The effective Bedrock policy of account ${account} has a configuration ${name} for ${region} without a guardrail identifier.`,
      };
    }
    const messages = value(asFields(config?.selective_content_guarding)?.messages);
    const tags = value(config?.input_tags);
    const selective =
      String(messages ?? '').toLowerCase() === 'selective' || (messages === undefined && String(tags ?? '').toLowerCase() === 'honor');
    if (selective) weak.push(`${identifier} (${name}) guards only tagged message content`);
    else enforcing.push(`${identifier} (${name})`);
  }
  if (enforcing.length > 0) return { status: 'PASS', reason: `The effective Bedrock policy of ${where} enforces ${enforcing.join(', ')}.` };
  return {
    status: 'FAIL',
    reason: `The effective Bedrock policy of ${where} enforces no guardrail on all user messages: ${weak.join('; ')}.`,
  };
}

/**
 * One finding per account and region: the account's effective Bedrock policy, read once per account
 * in the Organizations home region, enforces a guardrail in that region. An account not read there
 * (the run does not assess its home region, or the read failed) is INSUFFICIENT_EVIDENCE in each region.
 */
function evaluate(input: EvaluationInput): Finding[] {
  return input.scopes.map((scope) => {
    const home: Scope = { accountId: scope.accountId, region: ORGANIZATIONS_HOME_REGION };
    const resource = { type: EFFECTIVE_POLICY_TYPE, id: `${effectivePolicyId(scope.accountId, 'BEDROCK_POLICY')}/${scope.region}` };
    const gap = (reason: string) => makeFinding(META, scope, { status: 'INSUFFICIENT_EVIDENCE', reason, resource, evidence: [] });
    if (!input.scopes.some((s) => s.accountId === home.accountId && s.region === home.region)) {
      return gap(
        `The Bedrock policy of account ${scope.accountId} was not read: AWS Organizations is global and ai-evidence reads it in ${ORGANIZATIONS_HOME_REGION}, which this run does not assess for the account.`,
      );
    }
    const coverage = input.coverageOf(ORGANIZATIONS_BEDROCK_POLICY, home);
    if (coverage === undefined) return gap(`The ${ORGANIZATIONS_BEDROCK_POLICY} collector did not run for account ${scope.accountId}.`);
    if (coverage.errors.length > 0) {
      const e = coverage.errors.map((x) => `${x.operation} failed with ${x.code}: ${x.message.replace(/\.$/, '')}`).join('; ');
      return gap(`The Bedrock policy of account ${scope.accountId} could not be read: ${e}.`);
    }
    const [record] = input.evidenceOf(ORGANIZATIONS_BEDROCK_POLICY, home).filter((e) => e.record.resource.type === EFFECTIVE_POLICY_TYPE);
    if (record === undefined)
      return gap(`The ${ORGANIZATIONS_BEDROCK_POLICY} collector read account ${scope.accountId} but kept no record.`);
    return makeFinding(META, scope, { ...judge(record.record, scope.region), resource, evidence: [record.sha256] });
  });
}

export const control: Control = { ...META, evaluate };
