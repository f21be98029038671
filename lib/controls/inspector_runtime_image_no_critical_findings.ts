import { AGENTCORE_RUNTIMES } from '../collectors/agentcore-runtimes.js';
import { INSPECTOR_ACCOUNT_STATUS, INSPECTOR_FINDING_TYPE, INSPECTOR_IMAGE_FINDINGS } from '../collectors/inspector2.js';
import type { SealedEvidence } from '../evidence/record.js';
import { RUNTIME_TYPE, type RuntimeImage, runtimeImage } from './agentcore-runtime-images.js';
import { listSome } from './governance-helpers.js';
import { featureStatus } from './inspector-helpers.js';
import { joinedResourceControl } from './joined-helpers.js';
import { field } from './supporting-helpers.js';

/** Whether an Inspector finding is about the image a runtime runs: same repository, and its tag or digest. */
function about(finding: SealedEvidence, image: RuntimeImage): boolean {
  const resources = field(finding.record, 'resources');
  if (!Array.isArray(resources)) return false;
  return resources.some((r) => {
    const details = (r as Record<string, unknown> | null)?.details as Record<string, unknown> | undefined;
    const ecr = details?.awsEcrContainerImage as Record<string, unknown> | undefined;
    if (ecr === undefined || ecr.repositoryName !== image.repository) return false;
    if (image.digest !== undefined) return ecr.imageHash === image.digest;
    return Array.isArray(ecr.imageTags) && ecr.imageTags.includes(image.tag ?? 'latest');
  });
}

function describe(finding: SealedEvidence): string {
  const id =
    field(finding.record, 'packageVulnerabilityDetails.vulnerabilityId') ?? field(finding.record, 'title') ?? finding.record.resource.id;
  return `${String(id)} (${String(field(finding.record, 'severity'))})`;
}

/**
 * The image an AgentCore runtime runs has no active CRITICAL or HIGH Amazon Inspector finding.
 * Where Inspector does not scan ECR in the account and region, no findings prove nothing: that is
 * INSUFFICIENT_EVIDENCE, not a pass (ecr_runtime_image_continuous_scanning_enabled judges the scanning).
 */
export const control = joinedResourceControl(
  {
    id: 'inspector_runtime_image_no_critical_findings',
    version: 1,
    title: 'Bedrock AgentCore runtime images have no active critical or high Amazon Inspector findings',
    rationale:
      "A critical or high vulnerability in the image an agent runs (its base OS, language runtime, agent framework or tool libraries) is exposed to everything the agent reads: a prompt, a document or a tool result can carry the exploit, and the code runs with the runtime's role. An open finding on the running image is a known way in that has not been closed.",
    severity: 'HIGH',
    remediation:
      'Rebuild the image with the fixed package versions Inspector names (or a patched base image), push it under a new immutable tag, update the runtime (UpdateAgentRuntime) to it, and check that Inspector closes the findings.',
    cafAi: ['vulnerability-management', 'application-security'],
    aiRmf: ['MANAGE 3.1', 'MEASURE 2.7', 'MANAGE 4.1'],
    iso42001: ['A.10.3', 'A.6.2.6'],
    aiLayers: ['model'],
    securityHubControls: [],
    configRules: [],
  },
  { collector: AGENTCORE_RUNTIMES, resourceType: RUNTIME_TYPE, noun: 'Bedrock AgentCore runtimes', nameField: 'agentRuntimeName' },
  [INSPECTOR_ACCOUNT_STATUS, INSPECTOR_IMAGE_FINDINGS],
  (record, name, relatedOf) => {
    const subject = `Bedrock AgentCore runtime ${name}`;
    const found = runtimeImage(record, subject);
    if ('verdict' in found) return found.verdict;
    const { image } = found;
    if (image.account !== record.accountId || image.region !== record.region) {
      return {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `${subject} runs ${image.uri}, from the ECR of account ${image.account} in ${image.region}, whose Inspector findings are read only there.`,
      };
    }
    const status = relatedOf(INSPECTOR_ACCOUNT_STATUS);
    if (status.state === 'unread') {
      return {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `Amazon Inspector's status could not be read (${status.why}), so its findings on ${image.uri} prove nothing.`,
      };
    }
    const account = status.records[0];
    if (account === undefined)
      return {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `No Amazon Inspector status was kept for account ${record.accountId} in ${record.region}.`,
      };
    const ecr = featureStatus(account.record, 'ecr');
    if ('verdict' in ecr) return { ...ecr.verdict, cite: [account] };
    if (ecr.status !== 'ENABLED') {
      return {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `Amazon Inspector ECR scanning is ${ecr.status} in account ${record.accountId} in ${record.region}, so the absence of findings on ${image.uri} shows nothing.`,
        cite: [account],
      };
    }
    const findings = relatedOf(INSPECTOR_IMAGE_FINDINGS);
    if (findings.state === 'unread') {
      return {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `Amazon Inspector's image findings could not all be read (${findings.why}).`,
        cite: [account],
      };
    }
    const open = findings.records.filter((f) => f.record.resource.type === INSPECTOR_FINDING_TYPE && about(f, image));
    return open.length === 0
      ? {
          status: 'PASS',
          reason: `Amazon Inspector scans ECR and has no active CRITICAL or HIGH finding on ${image.uri}, which ${subject} runs.`,
          cite: [account],
        }
      : {
          status: 'FAIL',
          reason: `${subject} runs ${image.uri}, which has ${open.length} active CRITICAL or HIGH Amazon Inspector finding${open.length === 1 ? '' : 's'}: ${listSome(open.map(describe))}.`,
          cite: [account, ...open],
        };
  },
);
