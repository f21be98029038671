import { inspectorLambdaControl } from './inspector-helpers.js';

/** Amazon Inspector scans the Lambda functions (their packages) of Bedrock agents' action groups for known vulnerabilities. */
export const control = inspectorLambdaControl(
  {
    id: 'inspector_lambda_scanning_enabled',
    version: 1,
    title: 'Amazon Inspector Lambda standard scanning is enabled where Bedrock agents run',
    rationale:
      "An agent's action groups are Lambda functions the model decides to call with arguments it writes from the conversation: a vulnerable dependency in them is reachable by anyone who can talk to the agent. Inspector's Lambda standard scanning checks each function's packages and layers for known CVEs, on deployment and whenever a new CVE is published.",
    severity: 'MEDIUM',
    remediation:
      'Activate Amazon Inspector Lambda standard scanning in the account and region (Inspector console, or Enable with resourceTypes ["LAMBDA"]; through the delegated administrator for an organization).',
    cafAi: ['vulnerability-management', 'application-security'],
    aiRmf: ['MEASURE 2.7', 'MANAGE 3.1'],
    iso42001: ['A.10.3', 'A.6.2.6'],
    aiLayers: ['output'],
    securityHubControls: ['Inspector.4'],
    configRules: ['inspector-lambda-standard-scan-enabled'],
  },
  'lambda',
  'Lambda standard scanning',
);
