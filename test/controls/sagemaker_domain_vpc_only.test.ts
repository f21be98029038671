import { describe } from 'vitest';
import { DOMAINS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_domain_vpc_only.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { describedDomain, sagemakerSubject } from '../fixtures/sagemaker.js';
import { describeAnswerCases } from '../fixtures/sagemaker-cases.js';

describe('sagemaker_domain_vpc_only', () => {
  describeAnswerCases(control, DOMAINS, 'acme-ml-prod', (overrides) => describedDomain('acme-ml-prod', overrides), [
    ['#1 compliant: AppNetworkAccessType VpcOnly is PASS', {}, 'PASS', 'VpcOnly'],
    [
      '#2 non-compliant: AppNetworkAccessType PublicInternetOnly is FAIL',
      { AppNetworkAccessType: 'PublicInternetOnly' },
      'FAIL',
      'PublicInternetOnly',
    ],
    [
      '#3 missing evidence: no AppNetworkAccessType in the answer is INSUFFICIENT_EVIDENCE',
      { AppNetworkAccessType: undefined },
      'INSUFFICIENT_EVIDENCE',
      'AppNetworkAccessType',
    ],
    [
      '#4 missing evidence: an AppNetworkAccessType the control does not know is INSUFFICIENT_EVIDENCE',
      { AppNetworkAccessType: 'Hybrid' },
      'INSUFFICIENT_EVIDENCE',
      'AppNetworkAccessType',
    ],
  ]);

  describeSharedCases(sagemakerSubject(control, DOMAINS, (n, scope) => describedDomain(`studio-${n}`, {}, scope)));
});
