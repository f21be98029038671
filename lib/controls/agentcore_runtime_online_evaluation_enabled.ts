import { AGENTCORE_ONLINE_EVALUATIONS, ONLINE_EVALUATION_TYPE } from '../collectors/agentcore-online-evaluations.js';
import { AGENTCORE_RUNTIMES } from '../collectors/agentcore-runtimes.js';
import type { SealedEvidence } from '../evidence/record.js';
import { listSome } from './governance-helpers.js';
import { joinedResourceControl } from './joined-helpers.js';
import { field, nameOf, textField } from './supporting-helpers.js';

/**
 * Whether an online evaluation configuration reads a runtime's traces: AgentCore names the traces of
 * a runtime's endpoint with the service name `<runtime name>.<endpoint name>`, which the
 * configuration's CloudWatch Logs data source lists in serviceNames.
 */
function evaluates(config: SealedEvidence, runtimeName: string): boolean {
  const names = field(config.record, 'dataSourceConfig.cloudWatchLogs.serviceNames');
  return Array.isArray(names) && names.some((n) => typeof n === 'string' && (n === runtimeName || n.startsWith(`${runtimeName}.`)));
}

const label = (config: SealedEvidence) => textField(config.record, 'onlineEvaluationConfigName') ?? nameOf(config.record.resource.id);

/**
 * A Bedrock AgentCore runtime's live traffic is evaluated continuously: an online evaluation
 * configuration that is ACTIVE and ENABLED reads its traces. One that is paused (DISABLED) or failed
 * evaluates nothing and does not pass.
 */
export const control = joinedResourceControl(
  {
    id: 'agentcore_runtime_online_evaluation_enabled',
    version: 1,
    title: 'Bedrock AgentCore runtimes are evaluated online by an enabled evaluation configuration',
    rationale:
      "Online evaluation scores a sample of an agent's live sessions (correctness, faithfulness, harmfulness, tool selection, goal success) as they happen. Without it a change of model, prompt or tool that makes the agent answer wrongly or unsafely is found by its users, not by its owners; a configuration that is paused or failed measures nothing.",
    severity: 'MEDIUM',
    remediation:
      "Create an online evaluation configuration (CreateOnlineEvaluationConfig) whose CloudWatch Logs data source lists the runtime's service name (<runtime name>.<endpoint name>, e.g. my_agent.DEFAULT) with the evaluators that matter for it, and enable it (enableOnCreate, or UpdateOnlineEvaluationConfig with executionStatus ENABLED).",
    cafAi: ['security-assurance', 'threat-detection'],
    aiRmf: ['MEASURE 2.4', 'MEASURE 3.1', 'MANAGE 4.1'],
    iso42001: ['A.6.2.6'],
    aiLayers: ['output'],
    securityHubControls: [],
    configRules: [],
  },
  {
    collector: AGENTCORE_RUNTIMES,
    resourceType: 'AWS::BedrockAgentCore::Runtime',
    noun: 'Bedrock AgentCore runtimes',
    nameField: 'agentRuntimeName',
  },
  [AGENTCORE_ONLINE_EVALUATIONS],
  (_record, name, relatedOf) => {
    const subject = `Bedrock AgentCore runtime ${name}`;
    const configs = relatedOf(AGENTCORE_ONLINE_EVALUATIONS);
    if (configs.state === 'unread') {
      return {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `The online evaluation configurations could not all be read (${configs.why}), so whether ${subject} is evaluated is unknown.`,
      };
    }
    const mine = configs.records.filter((c) => c.record.resource.type === ONLINE_EVALUATION_TYPE && evaluates(c, name));
    const running = mine.filter((c) => field(c.record, 'status') === 'ACTIVE' && field(c.record, 'executionStatus') === 'ENABLED');
    if (running.length > 0) {
      return {
        status: 'PASS',
        reason: `${subject} is evaluated online by ${listSome(running.map(label))} (ACTIVE and ENABLED).`,
        cite: running,
      };
    }
    if (mine.length === 0) {
      return {
        status: 'FAIL',
        reason: `No online evaluation configuration reads the traces of ${subject} (none lists a service name ${name}.<endpoint>).`,
      };
    }
    const states = mine.map(
      (c) =>
        `${label(c)} (${String(field(c.record, 'status') ?? 'no status')}, ${String(field(c.record, 'executionStatus') ?? 'no execution status')})`,
    );
    return {
      status: 'FAIL',
      reason: `The online evaluation configurations of ${subject} do not run: ${listSome(states)}; only an ACTIVE configuration whose execution is ENABLED evaluates traffic.`,
      cite: mine,
    };
  },
);
