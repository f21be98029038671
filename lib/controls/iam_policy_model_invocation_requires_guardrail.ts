import { policyDocumentControl } from './supporting-iam.js';
import { coversAction, coversAllResources, INVOKE_ACTIONS, type PolicyStatement, statementName } from './supporting-iam-policy.js';

const GUARDRAIL_KEY = 'bedrock:guardrailidentifier';

/** Operators that hold only when the request names a matching guardrail (no IfExists, no negation, no ForAllValues). */
const REQUIRING = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike']);
/** Negated operators: on a Deny, they deny a request without the guardrail (a missing key counts as not equal). */
const NEGATED = /^(stringnotequals|stringnotequalsignorecase|stringnotlike|arnnotequals|arnnotlike)(ifexists)?$/;

const isTrue = (v: unknown, want: 'true' | 'false') =>
  (Array.isArray(v) ? v : [v]).length > 0 && (Array.isArray(v) ? v : [v]).every((x) => String(x).toLowerCase() === want);

function keysOf(block: Record<string, unknown>): string[] {
  return Object.keys(block).map((k) => k.toLowerCase());
}

/** An Allow statement that only holds when the request carries a guardrail. */
function allowRequiresGuardrail(s: PolicyStatement): boolean {
  return Object.entries(s.condition).some(([operator, block]) => {
    const op = operator.toLowerCase();
    if (REQUIRING.has(op)) return keysOf(block).includes(GUARDRAIL_KEY);
    if (op === 'null') return Object.entries(block).some(([k, v]) => k.toLowerCase() === GUARDRAIL_KEY && isTrue(v, 'false'));
    return false;
  });
}

/** A Deny statement, on every model, that applies whenever the request carries no (or another) guardrail. */
function denyWithoutGuardrail(s: PolicyStatement, action: string): boolean {
  if (s.effect !== 'Deny' || !coversAction(s, action) || !coversAllResources(s, 'bedrock')) return false;
  const entries = Object.entries(s.condition);
  if (entries.length === 0) return false;
  // Every condition of the Deny must be about the guardrail, or it may not apply.
  return entries.every(([operator, block]) => {
    const op = operator.toLowerCase();
    const keys = keysOf(block);
    if (keys.length !== 1 || keys[0] !== GUARDRAIL_KEY) return false;
    if (op === 'null') return isTrue(Object.values(block)[0], 'true');
    return NEGATED.test(op);
  });
}

/**
 * Policies that allow invoking Bedrock models require a guardrail in the request: each Allow of
 * bedrock:InvokeModel or bedrock:InvokeModelWithResponseStream carries a bedrock:GuardrailIdentifier
 * condition that cannot be met without one, or the same policy denies those calls without one.
 */
export const control = policyDocumentControl(
  {
    id: 'iam_policy_model_invocation_requires_guardrail',
    version: 1,
    title: 'IAM policies that allow invoking Bedrock models require a guardrail',
    rationale:
      'A guardrail that callers may leave out of their request protects nothing. The bedrock:GuardrailIdentifier condition key makes IAM refuse InvokeModel and Converse calls that do not apply the approved guardrail, so the content filters, denied topics and PII rules hold for every caller. An IfExists or ForAllValues condition is met by a request without a guardrail and does not count. Service control policies that enforce the same are not seen by this control.',
    severity: 'HIGH',
    remediation:
      'Add to each statement that allows bedrock:InvokeModel or bedrock:InvokeModelWithResponseStream a condition such as "StringEquals": {"bedrock:GuardrailIdentifier": "arn:aws:bedrock:REGION:ACCOUNT:guardrail/ID:VERSION"}, or a Deny of those actions with "Null": {"bedrock:GuardrailIdentifier": "true"}; enforce it organisation-wide with a service control policy.',
    cafAi: ['application-security', 'identity-and-access-management', 'security-governance'],
    aiRmf: ['MEASURE 2.6', 'MANAGE 1.3', 'GOVERN 1.4'],
    iso42001: ['A.9.2', 'A.6.2.5'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  (statements, label) => {
    const unguarded: string[] = [];
    let allowsInvoke = false;
    for (const action of INVOKE_ACTIONS) {
      const allowing = statements.map((s, i) => ({ s, i })).filter(({ s }) => s.effect === 'Allow' && coversAction(s, action));
      if (allowing.length === 0) continue;
      allowsInvoke = true;
      if (statements.some((s) => denyWithoutGuardrail(s, action))) continue;
      for (const { s, i } of allowing) {
        if (!allowRequiresGuardrail(s)) unguarded.push(`${statementName(s, i)} allows ${action} without a guardrail condition`);
      }
    }
    if (!allowsInvoke) return { status: 'NOT_APPLICABLE', reason: `${label} does not allow invoking Bedrock models.` };
    return unguarded.length === 0
      ? { status: 'PASS', reason: `${label} allows invoking Bedrock models only with a bedrock:GuardrailIdentifier condition.` }
      : { status: 'FAIL', reason: `${label}: ${[...new Set(unguarded)].join('; ')}.` };
  },
);
