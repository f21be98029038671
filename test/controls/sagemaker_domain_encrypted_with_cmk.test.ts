import { describe } from 'vitest';
import { DOMAINS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_domain_encrypted_with_cmk.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { describedDomain, sagemakerSubject } from '../fixtures/sagemaker.js';
import { describeAnswerCases } from '../fixtures/sagemaker-cases.js';

describe('sagemaker_domain_encrypted_with_cmk', () => {
  describeAnswerCases(control, DOMAINS, 'acme-ml-prod', (overrides) => describedDomain('acme-ml-prod', overrides), [
    ['#1 compliant: a KmsKeyId is PASS', {}, 'PASS', 'arn:aws:kms:'],
    ['#2 non-compliant: no KmsKeyId (AWS managed key) is FAIL', { KmsKeyId: undefined }, 'FAIL', 'customer managed'],
    ['#3 non-compliant: a blank KmsKeyId is FAIL', { KmsKeyId: '  ' }, 'FAIL', 'customer managed'],
  ]);

  describeSharedCases(sagemakerSubject(control, DOMAINS, (n, scope) => describedDomain(`studio-${n}`, {}, scope)));
});
