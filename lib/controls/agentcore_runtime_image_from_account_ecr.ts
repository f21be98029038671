import { AGENTCORE_RUNTIMES } from '../collectors/agentcore-runtimes.js';
import { RUNTIME_TYPE, runtimeImage } from './agentcore-runtime-images.js';
import { resourceControl } from './supporting-helpers.js';

/** An AgentCore runtime runs a container image from its own account's ECR, not one another account can change. */
export const control = resourceControl(
  {
    id: 'agentcore_runtime_image_from_account_ecr',
    version: 1,
    title: "Bedrock AgentCore runtimes run container images from their own account's ECR",
    rationale:
      "An image in another account's repository is outside the account's scanning, tag immutability, encryption and repository policies: whoever controls that account decides what code the agent runs with this account's role, tools and data, and can change it or take it away.",
    severity: 'MEDIUM',
    remediation:
      "Copy the image into an ECR repository of the runtime's account (with scanning, tag immutability and a KMS key) and update the runtime (UpdateAgentRuntime) to that container URI; use ECR replication if images are built centrally.",
    cafAi: ['application-security', 'vulnerability-management'],
    aiRmf: ['MANAGE 3.1', 'GOVERN 6.1', 'MEASURE 2.7'],
    iso42001: ['A.10.3', 'A.4.4'],
    aiLayers: ['model'],
    securityHubControls: [],
    configRules: [],
  },
  { collector: AGENTCORE_RUNTIMES, resourceType: RUNTIME_TYPE, noun: 'Bedrock AgentCore runtimes', nameField: 'agentRuntimeName' },
  (record, name) => {
    const subject = `Bedrock AgentCore runtime ${name}`;
    const found = runtimeImage(record, subject);
    if ('verdict' in found) return found.verdict;
    const { image } = found;
    return image.account === record.accountId
      ? { status: 'PASS', reason: `${subject} runs ${image.uri}, from its own account's ECR.` }
      : {
          status: 'FAIL',
          reason: `${subject} runs ${image.uri}, from the ECR of account ${image.account}, not its own account ${record.accountId}.`,
        };
  },
);
