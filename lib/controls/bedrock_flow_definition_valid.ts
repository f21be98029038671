import { flowControl, listField, malformed } from './bedrock.js';

/** The messages of validations of one severity, sorted, for a reason. */
function messages(validations: readonly Record<string, unknown>[], severity: string): string[] {
  return validations
    .filter((v) => v.severity === severity)
    .map((v) => `${typeof v.type === 'string' ? `${v.type}: ` : ''}${String(v.message ?? 'no message')}`)
    .sort();
}

/**
 * The flow's working draft is prepared and its definition validates without errors. GetFlow reports
 * the validation messages of the last preparation; a draft changed since then (NotPrepared,
 * Preparing) has not been validated, so its definition cannot be judged.
 */
export const control = flowControl(
  {
    id: 'bedrock_flow_definition_valid',
    version: 1,
    title: 'Amazon Bedrock flows are prepared with a definition that validates without errors',
    rationale:
      'A flow whose definition does not validate (a node whose input is never connected, a condition with no default branch, a prompt or knowledge base node that names a missing resource) does not run as drawn: a branch meant to route unsafe requests to a refusal can be skipped, or the flow can fail on some inputs only. Preparing the flow validates the definition; a flow in state Failed or with Error validations is not the workflow that was reviewed.',
    severity: 'MEDIUM',
    remediation:
      'Open the flow in the console or call ValidateFlowDefinition on its definition, fix every Error (connect the missing inputs, add the default condition branch, correct the resource ARNs), then PrepareFlow, create a new flow version and point the alias at it.',
    cafAi: ['application-security', 'security-assurance'],
    aiRmf: ['MEASURE 2.5', 'MANAGE 1.3'],
    iso42001: ['A.6.2.5'],
    aiLayers: ['input', 'output'],
    securityHubControls: [],
    configRules: [],
  },
  (flow, name) => {
    const what = `Amazon Bedrock flow ${name}`;
    const validations = listField(flow, 'validations');
    if (validations === undefined) return malformed(what, 'validations');
    const errors = messages(validations, 'Error');
    if (errors.length > 0) {
      return {
        status: 'FAIL',
        reason: `${what} has ${errors.length} validation error${errors.length === 1 ? '' : 's'}: ${errors.join('; ')}.`,
      };
    }
    if (typeof flow.status !== 'string') return malformed(what, 'status');
    if (flow.status === 'Failed') return { status: 'FAIL', reason: `${what} failed to prepare (status Failed).` };
    if (flow.status !== 'Prepared') {
      return {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `${what} is ${flow.status}: its draft changed since it was last prepared, so its definition has not been validated. Prepare the flow to validate it.`,
      };
    }
    const warnings = messages(validations, 'Warning');
    return {
      status: 'PASS',
      reason: `${what} is prepared and its definition validates without errors${warnings.length > 0 ? ` (${warnings.length} warning${warnings.length === 1 ? '' : 's'}: ${warnings.join('; ')})` : ''}.`,
    };
  },
);
