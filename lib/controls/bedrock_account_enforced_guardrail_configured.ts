import { BEDROCK_ENFORCED_GUARDRAILS, ENFORCED_GUARDRAILS_TYPE } from '../collectors/bedrock-account-settings.js';
import { asFields, textField } from './bedrock.js';
import { perResource, type Verdict } from './per-resource.js';

/** Why one enforced configuration does not guard every user message, or undefined when it does. */
function weakness(config: Record<string, unknown>): string | undefined {
  const guarding = asFields(config.selectiveContentGuarding);
  if (guarding?.messages === 'SELECTIVE' || (guarding?.messages === undefined && config.inputTags === 'HONOR')) {
    return 'guards only the message content the caller tags, so a caller can leave content unguarded';
  }
  const models = asFields(config.modelEnforcement)?.includedModels;
  if (Array.isArray(models) && models.length === 0) return 'is enforced on no model';
  if (textField(config, 'guardrailVersion') === 'DRAFT') return 'names the guardrail DRAFT, which is not a fixed version';
  return undefined;
}

function judge(list: unknown, where: string): Verdict {
  if (!Array.isArray(list)) {
    return { status: 'INSUFFICIENT_EVIDENCE', reason: `The enforced guardrail configurations of ${where} were not reported as a list.` };
  }
  if (list.length === 0) {
    return {
      status: 'FAIL',
      reason: `${where} enforces no guardrail on model invocations: each application must remember to apply one. Configure an account-level enforced guardrail (PutEnforcedGuardrailConfiguration).`,
    };
  }
  const enforcing: string[] = [];
  const weak: string[] = [];
  for (const item of list) {
    const config = asFields(item) ?? {};
    const guardrail = textField(config, 'guardrailArn') ?? textField(config, 'guardrailId');
    if (guardrail === undefined || textField(config, 'guardrailVersion') === undefined) {
      return { status: 'INSUFFICIENT_EVIDENCE', reason: `An enforced guardrail configuration of ${where} names no guardrail or version.` };
    }
    const label = `${guardrail} version ${String(config.guardrailVersion)}`;
    const why = weakness(config);
    if (why === undefined) enforcing.push(label);
    else weak.push(`${label} ${why}`);
  }
  if (enforcing.length > 0) {
    return { status: 'PASS', reason: `${where} enforces ${enforcing.sort().join(', ')} on every model invocation.` };
  }
  return { status: 'FAIL', reason: `${where} enforces no guardrail on all user messages: ${weak.sort().join('; ')}.` };
}

/** The account enforces at least one guardrail on every model invocation in the region, on all user messages. */
export const control = perResource(
  {
    id: 'bedrock_account_enforced_guardrail_configured',
    version: 1,
    title: 'An account-level enforced guardrail applies to every Amazon Bedrock model invocation in each region',
    rationale:
      'A guardrail that each application must name in its request protects only the applications that remember to, and none that a developer or an attacker with model access calls directly. An account-level enforced guardrail is applied by Bedrock to every InvokeModel and Converse call of the account in the region, whatever the request says. Selective guarding of user messages lets the caller decide what is inspected, so it does not count.',
    severity: 'HIGH',
    remediation:
      'Publish a numbered version of the baseline guardrail and enforce it with PutEnforcedGuardrailConfiguration in each region (includedModels ALL, user messages guarded COMPREHENSIVE); or enforce it for the whole organization with an AWS Organizations Bedrock policy.',
    cafAi: ['application-security', 'security-governance'],
    aiRmf: ['MANAGE 1.3', 'GOVERN 1.4'],
    iso42001: ['A.6.2.6', 'A.9.2'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
    collectors: [BEDROCK_ENFORCED_GUARDRAILS],
    resourceType: ENFORCED_GUARDRAILS_TYPE,
  },
  {
    collector: BEDROCK_ENFORCED_GUARDRAILS,
    noun: 'Bedrock enforced guardrail configuration',
    onePerScope: true,
    check: (record) => judge(record.data.guardrailsConfig, `account ${record.accountId} in ${record.region}`),
  },
);
