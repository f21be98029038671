import { scopeControl } from './governance-helpers.js';
import { HUB_COLLECTOR, hubState } from './securityhub-helpers.js';

/** AWS Security Hub is enabled in every assessed region. */
export const control = scopeControl(
  {
    id: 'securityhub_hub_enabled',
    version: 2,
    title: 'AWS Security Hub is enabled in every assessed region',
    rationale:
      'Security Hub gathers the SageMaker, Bedrock and AgentCore control results, GuardDuty and Macie findings and our own into one queue with a workflow. Without it, findings on AI resources are scattered and nobody is assigned to act on them.',
    severity: 'MEDIUM',
    remediation:
      'Enable Security Hub CSPM in the region (EnableSecurityHub, or centrally from the delegated administrator account with central configuration), then enable the standards that cover AI workloads.',
    cafAi: ['security-assurance', 'vulnerability-management', 'security-governance'],
    aiRmf: ['GOVERN 1.5', 'MEASURE 1.2', 'MEASURE 3.1'],
    iso42001: ['A.6.2.6'],
    aiLayers: ['input', 'model', 'output'],
    securityHubControls: [],
    configRules: ['securityhub-enabled'],
    collectors: [HUB_COLLECTOR],
    resourceType: 'AWS::::Account',
  },
  {
    sources: [{ collector: HUB_COLLECTOR, operations: ['DescribeHub'], unrelated: ['GetEnabledStandards'] }],
    noun: 'AWS Security Hub settings',
    check: (view) => {
      const where = `account ${view.scope.accountId} in ${view.scope.region}`;
      const state = hubState(view);
      if ('insufficient' in state) return state.insufficient;
      if (!state.on) return { status: 'FAIL', reason: `AWS Security Hub is not enabled in ${where}.`, cite: [state.hub] };
      const since = state.hub.record.data.SubscribedAt;
      return {
        status: 'PASS',
        reason: `AWS Security Hub is enabled in ${where}${typeof since === 'string' ? ` since ${since}` : ''}.`,
        cite: [state.hub],
      };
    },
  },
);
