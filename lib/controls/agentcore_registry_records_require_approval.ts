import { AGENTCORE_REGISTRIES, REGISTRY_TYPE } from '../collectors/agentcore-registries.js';
import { field, resourceControl } from './supporting-helpers.js';

/** A Bedrock AgentCore Agent Registry does not approve its records automatically: each agent, tool or server listed is approved by a person. */
export const control = resourceControl(
  {
    id: 'agentcore_registry_records_require_approval',
    version: 1,
    title: 'Bedrock AgentCore Agent Registry records require approval before they are listed',
    rationale:
      'Agents find the agents, tools and MCP servers they may call through the registry. With auto-approval any principal allowed to create a record publishes it straight away, so a look-alike tool or a server that exfiltrates what it is sent can be discovered and used by every agent; manual approval puts a reviewer between publishing and use.',
    severity: 'HIGH',
    remediation:
      'Update the registry (UpdateRegistry) with approvalConfiguration { autoApproval: false }, have records submitted for approval (SubmitRegistryRecordForApproval), and review the records approved automatically so far.',
    cafAi: ['application-security', 'security-governance'],
    aiRmf: ['GOVERN 6.1', 'MANAGE 3.1', 'MAP 4.1'],
    iso42001: ['A.10.3', 'A.6.2.5'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  { collector: AGENTCORE_REGISTRIES, resourceType: REGISTRY_TYPE, noun: 'Bedrock AgentCore Agent Registry registries', nameField: 'name' },
  (record, name) => {
    const subject = `Bedrock AgentCore Agent Registry ${name}`;
    const configuration = field(record, 'approvalConfiguration');
    // GetRegistry may leave approvalConfiguration out; AgentCore documents manual approval (autoApproval false) as the default.
    const auto = configuration === undefined || configuration === null ? false : field(record, 'approvalConfiguration.autoApproval');
    if (auto === true) {
      return {
        status: 'FAIL',
        reason: `${subject} approves its records automatically: anything published to it is discoverable by agents without review.`,
      };
    }
    if (auto === false || auto === undefined) {
      return {
        status: 'PASS',
        reason: `${subject} lists a record only once it is approved (autoApproval is off${configuration === undefined ? ', the default' : ''}).`,
      };
    }
    return { status: 'INSUFFICIENT_EVIDENCE', reason: `GetRegistry for ${subject} returned an autoApproval that is not true or false.` };
  },
);
