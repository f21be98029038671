import type { EvidenceRecord } from '../evidence/record.js';
import { listSome } from './governance-helpers.js';
import { perResource, type Verdict } from './per-resource.js';
import { textAt, valueAt } from './sagemaker.js';
import { readResourcePolicy } from './sagemaker-resource-policy.js';
import type { Control, ControlMetadata, EvaluationInput } from './types.js';

const COLLECTOR = 'sagemaker.model-package-group-policies';
const TYPE = 'AWS::SageMaker::ModelPackageGroup';

function groupName(record: EvidenceRecord): string {
  return record.resource.id.split(':model-package-group/')[1] ?? record.resource.id;
}

/**
 * Judges a group's policy against the accounts the run assesses (its own included): the accounts
 * the organisation chose to assess are the ones it owns and approves; any other account, an open
 * principal, or a share with an organization this run cannot identify does not pass.
 */
function judge(record: EvidenceRecord, approved: ReadonlySet<string>): Verdict {
  const label = `SageMaker model package group ${groupName(record)}`;
  if (textAt(record, 'Error.Code') !== undefined) {
    return {
      status: 'PASS',
      reason: `${label} has no resource policy: only principals of account ${record.accountId} that IAM allows can use it.`,
    };
  }
  const document = valueAt(record, 'ResourcePolicy');
  if (typeof document !== 'string' || document.trim() === '') {
    return { status: 'INSUFFICIENT_EVIDENCE', reason: `GetModelPackageGroupPolicy for ${label} returned no ResourcePolicy.` };
  }
  const policy = readResourcePolicy(document);
  if (!policy.ok)
    return { status: 'INSUFFICIENT_EVIDENCE', reason: `The resource policy of ${label} cannot be judged: ${policy.problem}.` };
  const problems: string[] = [];
  const unknown: string[] = [];
  const shared = new Set<string>();
  for (const g of policy.grantees) {
    if (g.kind === 'public') problems.push(`${g.statement} allows any principal of any account`);
    else if (g.kind === 'other') problems.push(`${g.statement} allows ${g.principal}`);
    else if (g.kind === 'organizations') unknown.push(`${g.statement} allows every account of ${g.organizations.join(', ')}`);
    else {
      const outside = g.accounts.filter((a) => !approved.has(a));
      if (outside.length > 0) problems.push(`${g.statement} allows account(s) ${outside.join(', ')}, which this run does not assess`);
      for (const a of g.accounts) shared.add(a);
    }
  }
  if (problems.length > 0) {
    return {
      status: 'FAIL',
      reason: `${label}'s resource policy reaches beyond the approved accounts: ${listSome(problems)}. Limit its principals to the accounts that deploy from this registry.`,
    };
  }
  if (unknown.length > 0) {
    return {
      status: 'INSUFFICIENT_EVIDENCE',
      reason: `${label}'s resource policy shares by organization, which this run cannot tie to the assessed accounts: ${listSome(unknown)}.`,
    };
  }
  const others = [...shared].filter((a) => a !== record.accountId);
  return {
    status: 'PASS',
    reason:
      others.length === 0
        ? `${label}'s resource policy allows only principals of its own account ${record.accountId}.`
        : `${label}'s resource policy allows only accounts this run assesses: ${listSome(others)}.`,
  };
}

const meta: ControlMetadata = {
  id: 'sagemaker_model_package_group_policy_restricted',
  version: 1,
  title: 'SageMaker model registry groups share only with the organisation\u2019s own accounts',
  rationale:
    'A model package group\u2019s resource policy decides who else may read its model artifacts or register new versions. Open to any account, or to accounts outside the estate, it lets others copy the models or put a version of their own where deployments pick the approved model.',
  severity: 'HIGH',
  remediation:
    'Rewrite the policy with PutModelPackageGroupPolicy so that its Allow statements name only the accounts that deploy from this registry (account ARNs, or Principal * pinned with aws:PrincipalAccount), assess those accounts in the same run, or remove it with DeleteModelPackageGroupPolicy.',
  cafAi: ['identity-and-access-management', 'data-protection'],
  aiRmf: ['GOVERN 6.1', 'MANAGE 3.1', 'MEASURE 2.7'],
  iso42001: ['A.10.3', 'A.4.4'],
  aiLayers: ['model'],
  securityHubControls: [],
  configRules: [],
  collectors: [COLLECTOR],
  resourceType: TYPE,
};

/** A model package group's resource policy lets in only principals of accounts the run assesses. */
export const control: Control = {
  ...meta,
  evaluate: (input: EvaluationInput) => {
    const approved = new Set(input.accounts);
    return perResource(meta, {
      collector: COLLECTOR,
      noun: 'SageMaker model package groups',
      check: (record) => judge(record, approved),
    }).evaluate(input);
  },
};
