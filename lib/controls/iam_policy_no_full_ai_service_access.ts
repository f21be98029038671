import { policyDocumentControl } from './supporting-iam.js';
import { coversAllResources, coversWholeService, statementName } from './supporting-iam-policy.js';

const AI_SERVICES = ['bedrock', 'bedrock-agentcore', 'sagemaker'] as const;

/** No customer managed or inline policy allows every action of Bedrock, AgentCore or SageMaker on every resource. */
export const control = policyDocumentControl(
  {
    id: 'iam_policy_no_full_ai_service_access',
    version: 1,
    title: 'IAM policies do not allow all Bedrock, AgentCore or SageMaker actions on all resources',
    rationale:
      'bedrock:*, sagemaker:* or * on Resource * lets a principal invoke any model, delete guardrails, turn off invocation logging, export training data and change endpoints. Least privilege for AI services means naming the actions and the models, agents or jobs a role needs.',
    severity: 'HIGH',
    remediation:
      'Replace the wildcard statement with the actions the principal uses (IAM Access Analyzer can generate them from CloudTrail) and, where the service supports it, the ARNs of the models, guardrails, agents or SageMaker resources it works on.',
    cafAi: ['identity-and-access-management', 'security-governance'],
    aiRmf: ['MEASURE 2.7', 'MAP 4.2', 'GOVERN 1.4'],
    iso42001: ['A.3.2'],
    aiLayers: ['input', 'model', 'output'],
    securityHubControls: ['IAM.21'],
    configRules: ['iam-policy-no-statements-with-full-access'],
  },
  (statements, label) => {
    const broad: string[] = [];
    statements.forEach((s, i) => {
      if (s.effect !== 'Allow') return;
      const services = AI_SERVICES.filter((svc) => coversWholeService(s, svc) && coversAllResources(s, svc));
      if (services.length > 0) {
        const conditioned = Object.keys(s.condition).length > 0 ? ' (with conditions)' : '';
        broad.push(`${statementName(s, i)} allows ${services.map((svc) => `${svc}:*`).join(', ')} on all resources${conditioned}`);
      }
    });
    return broad.length === 0
      ? { status: 'PASS', reason: `${label} allows no Bedrock, AgentCore or SageMaker wildcard on all resources.` }
      : { status: 'FAIL', reason: `${label}: ${broad.join('; ')}.` };
  },
);
