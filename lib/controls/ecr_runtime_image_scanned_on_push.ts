import { runtimeImageControl } from './agentcore-runtime-images.js';
import { frequenciesFor, registryScanning } from './ecr-scanning.js';
import { field } from './supporting-helpers.js';

/** Images pushed to the ECR repository of an AgentCore runtime are scanned for vulnerabilities when they are pushed. */
export const control = runtimeImageControl(
  {
    id: 'ecr_runtime_image_scanned_on_push',
    version: 1,
    title: 'ECR repositories of Bedrock AgentCore runtime images scan images on push',
    rationale:
      "A runtime image carries an operating system, a language runtime and agent frameworks, each with its own vulnerabilities. Scanning every image as it is pushed finds known CVEs before the runtime is updated to the image; without it a vulnerable agent is deployed unseen. What counts is the registry's effective setting: with enhanced scanning only a rule matching the repository scans it; with basic scanning a matching scan-on-push rule or the repository's own scanOnPush.",
    severity: 'MEDIUM',
    remediation:
      "Add a registry scanning rule (PutRegistryScanningConfiguration) with scanFrequency SCAN_ON_PUSH (or CONTINUOUS_SCAN with enhanced scanning) whose repository filter matches the repository, or with basic scanning turn on the repository's scanOnPush (PutImageScanningConfiguration).",
    cafAi: ['vulnerability-management'],
    aiRmf: ['MEASURE 2.7', 'MANAGE 3.1'],
    iso42001: ['A.10.3', 'A.6.2.5'],
    aiLayers: ['model'],
    securityHubControls: ['ECR.1'],
    configRules: ['ecr-private-image-scanning-enabled'],
  },
  ({ subject, image, repository, scanning }) => {
    const where = `repository ${image.repository} of ${subject}`;
    const registry = registryScanning(scanning);
    if (!registry.ok)
      return { status: 'INSUFFICIENT_EVIDENCE', reason: `The registry scanning of the ${where} cannot be judged: ${registry.problem}.` };
    const cite = scanning === undefined ? [repository] : [repository, scanning];
    const matching = frequenciesFor(registry.rules, image.repository);
    if (registry.scanType === 'ENHANCED') {
      return matching.has('SCAN_ON_PUSH') || matching.has('CONTINUOUS_SCAN')
        ? { status: 'PASS', reason: `Enhanced scanning scans images pushed to the ${where} (${[...matching].sort().join(', ')}).`, cite }
        : {
            status: 'FAIL',
            reason: `The registry uses enhanced scanning, but no rule of it scans the ${where} on push or continuously.`,
            cite,
          };
    }
    if (registry.scanType !== 'BASIC') {
      return {
        status: 'INSUFFICIENT_EVIDENCE',
        reason: `The registry of the ${where} has scan type ${registry.scanType}, which this control does not know.`,
        cite,
      };
    }
    if (matching.has('SCAN_ON_PUSH'))
      return { status: 'PASS', reason: `A basic scan-on-push rule of the registry matches the ${where}.`, cite };
    const own = field(repository.record, 'imageScanningConfiguration.scanOnPush');
    if (own === true) return { status: 'PASS', reason: `The ${where} scans images on push (basic scanning, scanOnPush).`, cite };
    if (own === false || (own === undefined && field(repository.record, 'imageScanningConfiguration') !== undefined)) {
      return {
        status: 'FAIL',
        reason: `Images pushed to the ${where} are not scanned: basic scanning, no matching scan-on-push rule and scanOnPush off.`,
        cite,
      };
    }
    return {
      status: 'INSUFFICIENT_EVIDENCE',
      reason: `DescribeRepositories returned no imageScanningConfiguration for the ${where}.`,
      cite,
    };
  },
);
