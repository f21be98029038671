import {
  EFFECTIVE_POLICY_TYPE,
  ORGANIZATIONS_AI_OPT_OUT_POLICY,
  ORGANIZATIONS_HOME_REGION,
} from '../collectors/organizations-ai-opt-out-policy.js';
import type { EvidenceRecord } from '../evidence/record.js';
import { perResource, type Verdict } from './per-resource.js';
import { iamAccountResource, oncePerAccount } from './supporting-helpers.js';
import type { Control, ControlMetadata } from './types.js';

const META: ControlMetadata = {
  id: 'organizations_ai_services_opt_out_enforced',
  version: 1,
  title: 'An AWS Organizations AI services opt-out policy opts the account out of every AI service',
  rationale:
    'Unless an account opts out, some AWS AI services may store and use the content they process (prompts, documents, images, transcripts) to develop and improve AWS services. An opt-out policy set by default for all services, and inherited by the account, keeps that content out of service improvement, including for AI services AWS adds later.',
  severity: 'MEDIUM',
  remediation:
    'In the management account, enable the AI services opt-out policy type and attach to the organization root a policy with {"services": {"default": {"opt_out_policy": {"@@assign": "optOut"}}}} (add "@@operators_allowed_for_child_policies": ["@@none"] to stop child policies opting back in); remove service entries that assign optIn. An account outside an organization must join one to be covered.',
  cafAi: ['data-protection', 'security-governance'],
  aiRmf: ['GOVERN 1.6', 'MAP 4.1'],
  iso42001: ['A.7.2', 'A.10.3'],
  aiLayers: ['input', 'output'],
  securityHubControls: [],
  configRules: [],
  collectors: [ORGANIZATIONS_AI_OPT_OUT_POLICY],
  resourceType: EFFECTIVE_POLICY_TYPE,
};

/** The value a policy entry assigns to opt_out_policy: plain in an effective policy, or under `@@assign`. */
function assigned(entry: unknown): unknown {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined;
  const value = (entry as Record<string, unknown>).opt_out_policy;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return (value as Record<string, unknown>)['@@assign'];
  return value;
}

function judge(record: EvidenceRecord): Verdict {
  const account = record.accountId;
  const error = record.data.Error as { Code?: unknown; Message?: unknown } | undefined;
  if (error !== undefined) {
    if (error.Code === 'AWSOrganizationsNotInUseException') {
      return {
        status: 'FAIL',
        reason: `Account ${account} is not in an AWS organization, so no AI services opt-out policy applies to it (DescribeEffectivePolicy: AWSOrganizationsNotInUseException).`,
      };
    }
    if (error.Code === 'EffectivePolicyNotFoundException') {
      return {
        status: 'FAIL',
        reason: `No AI services opt-out policy applies to account ${account} (DescribeEffectivePolicy: EffectivePolicyNotFoundException).`,
      };
    }
    return { status: 'INSUFFICIENT_EVIDENCE', reason: `DescribeEffectivePolicy for account ${account} ended with ${String(error.Code)}.` };
  }
  const content = (record.data.EffectivePolicy as { PolicyContent?: unknown } | undefined)?.PolicyContent;
  if (typeof content !== 'string' || content.trim() === '') {
    return {
      status: 'INSUFFICIENT_EVIDENCE',
      reason: `DescribeEffectivePolicy for account ${account} did not report EffectivePolicy.PolicyContent.`,
    };
  }
  let policy: unknown;
  try {
    policy = JSON.parse(content);
  } catch {
    return { status: 'INSUFFICIENT_EVIDENCE', reason: `The effective AI services opt-out policy of account ${account} is not valid JSON.` };
  }
  const services = (policy as { services?: unknown } | null)?.services;
  if (typeof services !== 'object' || services === null || Array.isArray(services)) {
    return {
      status: 'INSUFFICIENT_EVIDENCE',
      reason: `The effective AI services opt-out policy of account ${account} has no services element.`,
    };
  }
  const entries = Object.entries(services as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const unreadable = entries.filter(([, entry]) => !['optIn', 'optOut'].includes(assigned(entry) as string)).map(([name]) => name);
  if (unreadable.length > 0) {
    return {
      status: 'INSUFFICIENT_EVIDENCE',
      reason: `The effective AI services opt-out policy of account ${account} gives no optIn or optOut for ${unreadable.join(', ')}.`,
    };
  }
  const optedIn = entries.filter(([name, entry]) => name !== 'default' && assigned(entry) === 'optIn').map(([name]) => name);
  const byDefault = assigned((services as Record<string, unknown>).default);
  if (byDefault !== 'optOut') {
    const optedOut = entries.filter(([name, entry]) => name !== 'default' && assigned(entry) === 'optOut').map(([name]) => name);
    return {
      status: 'FAIL',
      reason: `The effective AI services opt-out policy of account ${account} does not opt out by default${byDefault === 'optIn' ? ' (default is optIn)' : ''}, so AI services it does not name may use the account's content${optedOut.length > 0 ? `; it opts out only of ${optedOut.join(', ')}` : ''}.`,
    };
  }
  if (optedIn.length > 0) {
    return {
      status: 'FAIL',
      reason: `The effective AI services opt-out policy of account ${account} opts out by default but opts back in to ${optedIn.join(', ')}.`,
    };
  }
  return {
    status: 'PASS',
    reason: `The effective AI services opt-out policy of account ${account} opts out of every AI service by default, with no exception.`,
  };
}

const perAccount = perResource(META, {
  collector: ORGANIZATIONS_AI_OPT_OUT_POLICY,
  noun: 'AI services opt-out policy',
  scopeResource: iamAccountResource,
  onePerScope: true,
  check: judge,
});

/** The account's effective AI services opt-out policy opts out of every AI service. */
export const control: Control = oncePerAccount(perAccount, {
  homeRegion: ORGANIZATIONS_HOME_REGION,
  notRead: (accountId, region) =>
    `The AI services opt-out policy of account ${accountId} was not read: AWS Organizations is global and ai-evidence reads it in ${region}, which this run does not assess for the account.`,
});
