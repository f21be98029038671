import { HUB_COLLECTOR } from '../collectors/securityhub-hub.js';
import type { SealedEvidence } from '../evidence/record.js';
import { objectField, type ScopeView, scopeControl } from './governance-helpers.js';
import type { Verdict } from './per-resource.js';
import type { Control, ControlMetadata } from './types.js';

export { HUB_COLLECTOR };

export type HubState = { on: true; hub: SealedEvidence } | { on: false; hub: SealedEvidence } | { insufficient: Verdict };

const where = (view: ScopeView) => `account ${view.scope.accountId} in ${view.scope.region}`;

/** Whether Security Hub is on in the scope, from the DescribeHub record (an answer or the not-subscribed error). */
export function hubState(view: ScopeView): HubState {
  const hub = view.records(HUB_COLLECTOR, 'DescribeHub')[0];
  if (hub === undefined) {
    return { insufficient: { status: 'INSUFFICIENT_EVIDENCE', reason: `No DescribeHub answer was kept for ${where(view)}.` } };
  }
  if (typeof hub.record.data.HubArn === 'string') return { on: true, hub };
  if (hub.record.data.ErrorCode === 'InvalidAccessException') return { on: false, hub };
  return { insufficient: { status: 'INSUFFICIENT_EVIDENCE', reason: `The DescribeHub answer for ${where(view)} has no HubArn.` } };
}

/**
 * A control that a Security Hub standard, recognised by the path of its ARN (the region part
 * differs), is enabled and READY.
 */
export function standardControl(
  meta: Omit<ControlMetadata, 'collectors' | 'resourceType'>,
  standard: { name: string; path: string },
): Control {
  return scopeControl(
    { ...meta, collectors: [HUB_COLLECTOR], resourceType: 'AWS::::Account' },
    {
      sources: [{ collector: HUB_COLLECTOR, operations: ['DescribeHub', 'GetEnabledStandards'] }],
      noun: 'AWS Security Hub standards',
      check: (view) => {
        const state = hubState(view);
        if ('insufficient' in state) return state.insufficient;
        if (!state.on) {
          return {
            status: 'FAIL',
            reason: `AWS Security Hub is not enabled in ${where(view)}, so the ${standard.name} standard is not either.`,
            cite: [state.hub],
          };
        }
        const subscriptions = view
          .records(HUB_COLLECTOR, 'GetEnabledStandards')
          .filter((e) => typeof e.record.data.StandardsArn === 'string' && e.record.data.StandardsArn.endsWith(`::${standard.path}`));
        if (subscriptions.length === 0) {
          return {
            status: 'FAIL',
            reason: `AWS Security Hub in ${where(view)} does not have the ${standard.name} standard enabled.`,
            cite: [state.hub],
          };
        }
        const cite = [state.hub, ...subscriptions];
        const statuses = subscriptions.map((e) => e.record.data.StandardsStatus);
        if (statuses.includes('READY')) {
          return {
            status: 'PASS',
            reason: `AWS Security Hub in ${where(view)} has the ${standard.name} standard enabled and ready.`,
            cite,
          };
        }
        const subscription = subscriptions[0] as SealedEvidence;
        const status = subscription.record.data.StandardsStatus;
        const reasonCode = objectField(subscription.record.data, 'StandardsStatusReason')?.StatusReasonCode;
        const because = typeof reasonCode === 'string' ? ` (${reasonCode})` : '';
        if (status === 'PENDING' || typeof status !== 'string') {
          return {
            status: 'INSUFFICIENT_EVIDENCE',
            reason: `The ${standard.name} standard in ${where(view)} is ${typeof status === 'string' ? 'still being enabled (PENDING)' : 'listed without a StandardsStatus'}.`,
            cite,
          };
        }
        return { status: 'FAIL', reason: `The ${standard.name} standard in ${where(view)} is ${status}${because}, not READY.`, cite };
      },
    },
  );
}
