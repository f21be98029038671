import { AGENTCORE_BROWSERS } from '../collectors/agentcore-browsers.js';
import { field, resourceControl, textField } from './supporting-helpers.js';

/** A Bedrock AgentCore custom browser records its sessions to S3, so what an agent did on the web can be reviewed. */
export const control = resourceControl(
  {
    id: 'agentcore_browser_recording_enabled',
    version: 1,
    title: 'Bedrock AgentCore custom browsers record sessions to Amazon S3',
    rationale:
      'Session recordings are the audit trail of what an agent saw and did on the web: the pages it read, the forms it filled in. Without them an investigation of a prompt injection or an unwanted action has nothing to replay. Recording counts only when it is enabled and has an S3 destination.',
    severity: 'MEDIUM',
    remediation:
      'Create the custom browser again with recording.enabled true and recording.s3Location naming a bucket (encrypted, with restricted access, since recordings may hold personal data), and point the agents at it.',
    cafAi: ['threat-detection', 'security-assurance'],
    aiRmf: ['MEASURE 2.8', 'MANAGE 4.1'],
    iso42001: ['A.6.2.8'],
    aiLayers: ['output'],
    securityHubControls: ['BedrockAgentCore.6'],
    configRules: ['bedrockagentcore-browsercustom-recording-enabled'],
  },
  {
    collector: AGENTCORE_BROWSERS,
    resourceType: 'AWS::BedrockAgentCore::BrowserCustom',
    noun: 'Bedrock AgentCore custom browsers',
    nameField: 'name',
  },
  (record, name) => {
    // GetBrowser leaves `recording` out when recording was never configured.
    const enabled = field(record, 'recording.enabled');
    if (enabled !== true) return { status: 'FAIL', reason: `Bedrock AgentCore browser ${name} does not record its sessions.` };
    const bucket = textField(record, 'recording.s3Location.bucket');
    if (bucket === undefined) {
      return { status: 'FAIL', reason: `Bedrock AgentCore browser ${name} has recording enabled but no S3 bucket to record to.` };
    }
    const prefix = textField(record, 'recording.s3Location.prefix');
    return { status: 'PASS', reason: `Bedrock AgentCore browser ${name} records its sessions to s3://${bucket}/${prefix ?? ''}.` };
  },
);
