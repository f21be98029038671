import { describe } from 'vitest';
import { DOMAINS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_domain_sso_auth.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { describedDomain, sagemakerSubject } from '../fixtures/sagemaker.js';
import { describeAnswerCases } from '../fixtures/sagemaker-cases.js';

describe('sagemaker_domain_sso_auth', () => {
  describeAnswerCases(control, DOMAINS, 'acme-ml-prod', (overrides) => describedDomain('acme-ml-prod', overrides), [
    ['#1 compliant: AuthMode SSO is PASS', {}, 'PASS', 'IAM Identity Center'],
    ['#2 non-compliant: AuthMode IAM is FAIL', { AuthMode: 'IAM' }, 'FAIL', 'with IAM'],
    [
      '#3 missing evidence: no AuthMode in the answer is INSUFFICIENT_EVIDENCE',
      { AuthMode: undefined },
      'INSUFFICIENT_EVIDENCE',
      'AuthMode',
    ],
  ]);

  describeSharedCases(sagemakerSubject(control, DOMAINS, (n, scope) => describedDomain(`studio-${n}`, {}, scope)));
});
