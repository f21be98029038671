import { detectorFeatureControl } from './supporting-guardduty.js';

/** GuardDuty Runtime Monitoring watches the EC2, ECS and EKS hosts that run self-managed models. */
export const control = detectorFeatureControl(
  {
    id: 'guardduty_runtime_monitoring_enabled',
    version: 1,
    title: 'Amazon GuardDuty Runtime Monitoring is enabled',
    rationale:
      'Models served or fine-tuned on EC2, ECS or EKS (inference servers, vector databases, agent code) are attacked at the operating system: crypto-mining on GPU hosts, reverse shells, credential theft. Runtime Monitoring sees process, file and network events there that CloudTrail does not.',
    severity: 'MEDIUM',
    remediation:
      "Enable the RUNTIME_MONITORING feature on the region's detector (UpdateDetector), with automated agent management for EKS, ECS Fargate and EC2 where those run AI workloads.",
    cafAi: ['threat-detection', 'infrastructure-protection'],
    aiRmf: ['MEASURE 2.7', 'MANAGE 4.1'],
    iso42001: ['A.6.2.6', 'A.4.5'],
    aiLayers: ['model'],
    securityHubControls: ['GuardDuty.11'],
    configRules: ['guardduty-runtime-monitoring-enabled'],
  },
  'RUNTIME_MONITORING',
  'Runtime Monitoring',
);
