import { runtimeImageControl } from './agentcore-runtime-images.js';
import { describeOpen, openStatements } from './resource-policy-helpers.js';
import { textField } from './supporting-helpers.js';

/** No repository policy lets any principal pull or push the image an AgentCore runtime runs. */
export const control = runtimeImageControl(
  {
    id: 'ecr_runtime_image_repository_policy_not_public',
    version: 1,
    title: 'ECR repositories of Bedrock AgentCore runtime images do not allow any principal',
    rationale:
      'A repository policy statement with Principal "*" and no condition on the caller\'s account or organization lets any AWS account pull the agent\'s image (its code, prompts and embedded configuration) and, if it grants push, replace it. The runtime would then run the replacement with its own role.',
    severity: 'CRITICAL',
    remediation:
      'Rewrite the repository policy (SetRepositoryPolicy) so that every Allow names the accounts or roles that need the image, or ties Principal "*" to aws:PrincipalOrgID or aws:PrincipalAccount with StringEquals; or delete it (DeleteRepositoryPolicy) if the account\'s IAM suffices.',
    cafAi: ['identity-and-access-management', 'data-protection'],
    aiRmf: ['MANAGE 2.4', 'MEASURE 2.7'],
    iso42001: ['A.4.4', 'A.10.3'],
    aiLayers: ['model'],
    securityHubControls: [],
    configRules: [],
  },
  ({ subject, image, repository, policy }) => {
    const where = `repository ${image.repository} of ${subject}`;
    if (policy === undefined) {
      return { status: 'INSUFFICIENT_EVIDENCE', reason: `The policy of the ${where} was not read.` };
    }
    const cite = [repository, policy];
    if (textField(policy.record, 'ErrorCode') === 'RepositoryPolicyNotFoundException') {
      return { status: 'PASS', reason: `The ${where} has no repository policy: only IAM principals of its account can reach it.`, cite };
    }
    const text = textField(policy.record, 'policyText');
    if (text === undefined)
      return { status: 'INSUFFICIENT_EVIDENCE', reason: `GetRepositoryPolicy for the ${where} returned no policyText.`, cite };
    const verdict = openStatements(text);
    if (!verdict.ok)
      return { status: 'INSUFFICIENT_EVIDENCE', reason: `The policy of the ${where} could not be read: ${verdict.problem}.`, cite };
    return verdict.open.length > 0
      ? {
          status: 'FAIL',
          reason: `The policy of the ${where} allows any principal, with no condition tying the caller to an account or organization: ${describeOpen(verdict.open)}.`,
          cite,
        }
      : {
          status: 'PASS',
          reason: `The policy of the ${where} allows only named principals or callers tied to an account, organization or network.`,
          cite,
        };
  },
);
