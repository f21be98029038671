import { policyDocumentControl } from './supporting-iam.js';
import { coversAction, type PolicyStatement, statementName } from './supporting-iam-policy.js';

const SUBSCRIBE = 'aws-marketplace:Subscribe';
const PRODUCT_KEY = 'aws-marketplace:productid';

/** Operators that hold only when the request names one of the listed products (no IfExists, no negation). */
const NAMING = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'foranyvalue:stringequals', 'forallvalues:stringequals']);

/** Whether a statement grants Subscribe through a pattern with a wildcard (`*`, `aws-marketplace:*`, `aws-marketplace:Sub*`) or NotAction. */
function byWildcard(s: PolicyStatement): boolean {
  if (s.actions === undefined) return true;
  return s.actions.some((p) => /[*?]/.test(p) && coversAction({ ...s, actions: [p] }, SUBSCRIBE));
}

/** Whether an Allow holds only for the products its aws-marketplace:ProductId condition lists. */
function limitedToProducts(s: PolicyStatement): boolean {
  return Object.entries(s.condition).some(
    ([operator, block]) => NAMING.has(operator.toLowerCase()) && Object.keys(block).some((k) => k.toLowerCase() === PRODUCT_KEY),
  );
}

/**
 * Customer managed and inline policies grant aws-marketplace:Subscribe, the action that gives an
 * account access to a Marketplace model in Bedrock, only by name and only for listed products.
 */
export const control = policyDocumentControl(
  {
    id: 'iam_policy_marketplace_subscription_scoped',
    version: 1,
    title: 'IAM policies grant Marketplace model subscription only by name and for listed products',
    rationale:
      'Access to third-party models in Amazon Bedrock is granted by subscribing to their AWS Marketplace offer (aws-marketplace:Subscribe). A principal allowed aws-marketplace:* or * can subscribe the account to any model, with its price and its provider’s terms for the data sent to it, without review; so can one allowed Subscribe with no aws-marketplace:ProductId condition. Naming the action and the approved product ids keeps which models the organization uses a decision rather than a side effect.',
    severity: 'MEDIUM',
    remediation:
      'Replace wildcard actions (aws-marketplace:*, *) with the Marketplace actions the principal needs, and add to each statement that allows aws-marketplace:Subscribe a condition such as "ForAnyValue:StringEquals": {"aws-marketplace:ProductId": ["<approved product ids>"]}; grant model subscription to a small model-governance role only.',
    cafAi: ['identity-and-access-management', 'security-governance'],
    aiRmf: ['GOVERN 6.1', 'MAP 4.1'],
    iso42001: ['A.10.3'],
    aiLayers: ['model'],
    securityHubControls: [],
    configRules: [],
  },
  (statements, label) => {
    const problems: string[] = [];
    let grants = false;
    statements.forEach((s, i) => {
      if (s.effect !== 'Allow' || !coversAction(s, SUBSCRIBE)) return;
      grants = true;
      if (byWildcard(s)) problems.push(`${statementName(s, i)} grants ${SUBSCRIBE} through a wildcard action`);
      else if (!limitedToProducts(s))
        problems.push(`${statementName(s, i)} grants ${SUBSCRIBE} for every product (no aws-marketplace:ProductId condition)`);
    });
    if (!grants) return { status: 'NOT_APPLICABLE', reason: `${label} does not allow subscribing to Marketplace products.` };
    return problems.length === 0
      ? {
          status: 'PASS',
          reason: `${label} allows ${SUBSCRIBE} by name and only for the products its aws-marketplace:ProductId condition lists.`,
        }
      : { status: 'FAIL', reason: `${label}: ${problems.join('; ')}.` };
  },
);
