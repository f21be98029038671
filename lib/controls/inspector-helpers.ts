import { INSPECTOR_ACCOUNT_STATUS } from '../collectors/inspector2.js';
import type { Scope } from '../evidence/coverage.js';
import type { EvidenceRecord, SealedEvidence } from '../evidence/record.js';
import { AGENT_COLLECTOR } from './bedrock.js';
import { describeErrors, scopeControl } from './governance-helpers.js';
import type { Verdict } from './per-resource.js';
import type { Control, ControlMetadata } from './types.js';

/** The scanning Inspector does of one resource type, as BatchGetAccountStatus names it under resourceState. */
export type InspectorFeature = 'ecr' | 'lambda' | 'lambdaCode';

/**
 * The status of one of Inspector's scan types for the scope's own account, read from its
 * BatchGetAccountStatus record: ENABLED, another status, or a verdict (INSUFFICIENT_EVIDENCE) when
 * the answer does not say.
 */
export function featureStatus(record: EvidenceRecord, feature: InspectorFeature): { status: string } | { verdict: Verdict } {
  const accounts = Array.isArray(record.data.accounts) ? (record.data.accounts as Record<string, unknown>[]) : [];
  const mine = accounts.find((a) => a?.accountId === record.accountId);
  if (mine === undefined) {
    const failed = (Array.isArray(record.data.failedAccounts) ? (record.data.failedAccounts as Record<string, unknown>[]) : []).find(
      (a) => a?.accountId === record.accountId,
    );
    const why =
      failed === undefined
        ? 'did not return the account'
        : `failed for the account with ${String(failed.errorCode)}: ${String(failed.errorMessage)}`;
    return {
      verdict: {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `BatchGetAccountStatus for account ${record.accountId} in ${record.region} ${why}.`,
      },
    };
  }
  const status = (mine.resourceState as Record<string, { status?: unknown } | undefined> | undefined)?.[feature]?.status;
  if (typeof status !== 'string') {
    return {
      verdict: {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `BatchGetAccountStatus for account ${record.accountId} in ${record.region} returned no ${feature} scanning status.`,
      },
    };
  }
  return { status };
}

/**
 * A control on one of Amazon Inspector's Lambda scan types, judged in each account and region that
 * has Bedrock agents (whose action groups call Lambda functions): PASS when it is ENABLED, FAIL
 * otherwise, NOT_APPLICABLE where the agents were listed completely and there are none. An agent
 * that was listed but could not be read still counts as an agent.
 */
export function inspectorLambdaControl(
  meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>,
  feature: 'lambda' | 'lambdaCode',
  label: string,
): Control {
  const where = (scope: Scope) => `account ${scope.accountId} in ${scope.region}`;
  return scopeControl(
    { ...meta, collectors: [INSPECTOR_ACCOUNT_STATUS, AGENT_COLLECTOR], resourceType: 'AWS::::Account' },
    {
      sources: [
        { collector: INSPECTOR_ACCOUNT_STATUS, operations: ['BatchGetAccountStatus'] },
        { collector: AGENT_COLLECTOR, operations: ['ListAgents', 'GetAgent'] },
      ],
      noun: 'Amazon Inspector status and Bedrock agents',
      tolerate: (error) => error.operation === 'GetAgent' && error.resourceId !== undefined,
      check: (view) => {
        const agents = view.records(AGENT_COLLECTOR, 'GetAgent');
        const count = agents.length + view.tolerated.length;
        if (count === 0) return { status: 'NOT_APPLICABLE', reason: `No Bedrock agents in ${where(view.scope)}.`, cite: [] };
        const status: SealedEvidence | undefined = view.records(INSPECTOR_ACCOUNT_STATUS, 'BatchGetAccountStatus')[0];
        if (status === undefined) {
          return {
            status: 'INSUFFICIENT_EVIDENCE',
            reason: `The ${INSPECTOR_ACCOUNT_STATUS} collector read ${where(view.scope)} but kept no BatchGetAccountStatus record.`,
          };
        }
        const agentsWord = `${count} Bedrock agent${count === 1 ? '' : 's'}`;
        const unread = view.tolerated.length > 0 ? ` (${describeErrors(view.tolerated)})` : '';
        const state = featureStatus(status.record, feature);
        if ('verdict' in state) return { ...state.verdict, cite: [status] };
        return state.status === 'ENABLED'
          ? {
              status: 'PASS',
              reason: `Amazon Inspector ${label} is ENABLED in ${where(view.scope)}, which has ${agentsWord}${unread}.`,
              cite: [status, ...agents],
            }
          : {
              status: 'FAIL',
              reason: `Amazon Inspector ${label} is ${state.status}, not ENABLED, in ${where(view.scope)}, which has ${agentsWord}: the Lambda functions of their action groups are not scanned.`,
              cite: [status, ...agents],
            };
      },
    },
  );
}
