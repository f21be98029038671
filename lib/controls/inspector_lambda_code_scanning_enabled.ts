import { inspectorLambdaControl } from './inspector-helpers.js';

/** Amazon Inspector scans the code of Bedrock agents' action-group Lambda functions for injection flaws and leaked secrets. */
export const control = inspectorLambdaControl(
  {
    id: 'inspector_lambda_code_scanning_enabled',
    version: 1,
    title: 'Amazon Inspector Lambda code scanning is enabled where Bedrock agents run',
    rationale:
      "Action-group functions turn model output into queries, commands and API calls. Inspector's Lambda code scanning reads the functions' own code for injection flaws (SQL, OS command, path traversal), missing encryption and hard-coded credentials: the ways a prompt-injected argument becomes an attack on the systems behind the agent. Package scanning alone does not see them.",
    severity: 'MEDIUM',
    remediation:
      'Activate Amazon Inspector Lambda code scanning in the account and region (Inspector console, or Enable with resourceTypes ["LAMBDA_CODE"], which needs Lambda standard scanning too).',
    cafAi: ['vulnerability-management', 'application-security'],
    aiRmf: ['MEASURE 2.7', 'MANAGE 3.1'],
    iso42001: ['A.10.3', 'A.6.2.6'],
    aiLayers: ['output'],
    securityHubControls: ['Inspector.3'],
    configRules: ['inspector-lambda-code-scan-enabled'],
  },
  'lambdaCode',
  'Lambda code scanning',
);
