import { runtimeImageControl } from './agentcore-runtime-images.js';
import { frequenciesFor, registryScanning } from './ecr-scanning.js';

/** The ECR repository of an AgentCore runtime's image is rescanned continuously by Amazon Inspector (enhanced scanning). */
export const control = runtimeImageControl(
  {
    id: 'ecr_runtime_image_continuous_scanning_enabled',
    version: 1,
    title: 'ECR repositories of Bedrock AgentCore runtime images are scanned continuously (enhanced scanning)',
    rationale:
      'A scan on push judges an image against the vulnerabilities known that day; an agent image runs for months after it. Enhanced scanning with a continuous rule has Amazon Inspector rescan the image whenever a new CVE is published for a package in it, so a runtime that became vulnerable after its deployment is found. Basic scanning never rescans.',
    severity: 'MEDIUM',
    remediation:
      'Turn on enhanced scanning for the registry (PutRegistryScanningConfiguration scanType ENHANCED, which activates Amazon Inspector for ECR) with a CONTINUOUS_SCAN rule whose repository filter matches the repository.',
    cafAi: ['vulnerability-management', 'threat-detection'],
    aiRmf: ['MEASURE 2.7', 'MANAGE 3.1', 'MANAGE 4.1'],
    iso42001: ['A.10.3', 'A.6.2.6'],
    aiLayers: ['model'],
    securityHubControls: [],
    configRules: [],
  },
  ({ subject, image, repository, scanning }) => {
    const where = `repository ${image.repository} of ${subject}`;
    const registry = registryScanning(scanning);
    if (!registry.ok)
      return { status: 'INSUFFICIENT_EVIDENCE', reason: `The registry scanning of the ${where} cannot be judged: ${registry.problem}.` };
    const cite = scanning === undefined ? [repository] : [repository, scanning];
    if (registry.scanType !== 'ENHANCED') {
      return {
        status: 'FAIL',
        reason: `The registry of the ${where} uses ${registry.scanType} scanning, which never rescans an image after it is pushed.`,
        cite,
      };
    }
    return frequenciesFor(registry.rules, image.repository).has('CONTINUOUS_SCAN')
      ? { status: 'PASS', reason: `Enhanced scanning rescans the ${where} continuously.`, cite }
      : { status: 'FAIL', reason: `The registry uses enhanced scanning, but no CONTINUOUS_SCAN rule matches the ${where}.`, cite };
  },
);
