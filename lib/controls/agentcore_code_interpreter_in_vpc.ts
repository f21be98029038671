import { AGENTCORE_CODE_INTERPRETERS } from '../collectors/agentcore-code-interpreters.js';
import { resourceControl, textField } from './supporting-helpers.js';

/** A Bedrock AgentCore custom code interpreter runs in VPC mode, not PUBLIC or SANDBOX. */
export const control = resourceControl(
  {
    id: 'agentcore_code_interpreter_in_vpc',
    version: 1,
    title: 'Bedrock AgentCore custom code interpreters run in VPC network mode',
    rationale:
      "A code interpreter runs code a model wrote, possibly under the influence of injected content. In PUBLIC mode that code can reach the internet; SANDBOX still gives it network paths outside the organisation's control (such as Amazon S3). In VPC mode its egress is bounded by the organisation's subnets and security groups.",
    severity: 'HIGH',
    remediation:
      'Create the code interpreter again (CreateCodeInterpreter) with networkConfiguration.networkMode VPC and a vpcConfig naming private subnets and security groups, and point the agents at it.',
    cafAi: ['infrastructure-protection', 'application-security'],
    aiRmf: ['MEASURE 2.7', 'MANAGE 2.4'],
    iso42001: ['A.4.4'],
    aiLayers: ['output'],
    securityHubControls: ['BedrockAgentCore.7'],
    configRules: ['bedrockagentcore-codeinterpreter-networkmode-check'],
  },
  {
    collector: AGENTCORE_CODE_INTERPRETERS,
    resourceType: 'AWS::BedrockAgentCore::CodeInterpreterCustom',
    noun: 'Bedrock AgentCore custom code interpreters',
    nameField: 'name',
  },
  (record, name) => {
    const mode = textField(record, 'networkConfiguration.networkMode');
    const subject = `Bedrock AgentCore code interpreter ${name}`;
    if (mode === undefined) {
      return { status: 'INSUFFICIENT_EVIDENCE', reason: `GetCodeInterpreter for ${subject} returned no networkConfiguration.networkMode.` };
    }
    if (mode === 'VPC') return { status: 'PASS', reason: `${subject} runs in VPC network mode.` };
    if (mode === 'PUBLIC' || mode === 'SANDBOX') return { status: 'FAIL', reason: `${subject} runs in ${mode} network mode, not VPC.` };
    return { status: 'INSUFFICIENT_EVIDENCE', reason: `${subject} has network mode ${mode}, which this control does not know.` };
  },
);
