import { describe, expect, it } from 'vitest';
import { MODELS, MONITORING_JOB_DEFINITION_COLLECTOR, MONITORING_JOB_KINDS, PROCESSING_JOBS } from '../../lib/controls/sagemaker.js';
import { control } from '../../lib/controls/sagemaker_model_bias_evaluated.js';
import { regionResourceId } from '../fixtures/control-cases.js';
import { accessDenied, complete, digestOf, failed, judge, SCOPE } from '../fixtures/evidence.js';
import { describedJobDefinition, describedModel, describedProcessingJob, smEvidence } from '../fixtures/sagemaker.js';

const CLARIFY = '205585389593.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-clarify-processing:1.0';
const model = () => smEvidence(MODELS, describedModel('claims-triage-v3'));
const job = (name: string, image: string) =>
  smEvidence(PROCESSING_JOBS, describedProcessingJob(name, { AppSpecification: { ImageUri: image } }));
const allRead = (models: number, jobs: number, definitions: number) => [
  complete(MODELS.collector, models),
  complete(PROCESSING_JOBS.collector, jobs),
  complete(MONITORING_JOB_DEFINITION_COLLECTOR, definitions),
];

describe('sagemaker_model_bias_evaluated', () => {
  it('#1 compliant: a recent Clarify processing job is PASS, citing it', () => {
    // Prepare
    const clarify = job('claims-bias-2026-10', CLARIFY);
    // Act
    const findings = judge(control, { evidence: [model(), clarify, job('features', 'acme/processing:2')], coverage: allRead(1, 2, 0) });
    // Assess
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ status: 'PASS', resource: { id: regionResourceId(SCOPE) }, evidence: [digestOf(clarify)] });
    expect(findings[0]?.reason).toContain('1 Clarify processing job');
  });

  it('#2 compliant: a model bias job definition is PASS', () => {
    // Prepare
    const bias = smEvidence(MONITORING_JOB_KINDS.ModelBias, describedJobDefinition('ModelBias', 'claims-bias-monitor'));
    // Act
    const findings = judge(control, { evidence: [model(), bias], coverage: allRead(1, 0, 1) });
    // Assess
    expect(findings[0]).toMatchObject({ status: 'PASS', evidence: [digestOf(bias)] });
  });

  it.each([
    ['no processing job and no job definition', []],
    ['only non-Clarify processing jobs', [job('features', '111122223333.dkr.ecr.eu-west-1.amazonaws.com/acme-processing:2.3')]],
    [
      'only a data quality job definition',
      [smEvidence(MONITORING_JOB_KINDS.DataQuality, describedJobDefinition('DataQuality', 'claims-dq'))],
    ],
    [
      'an image that only mentions clarify in its tag',
      [job('lookalike', '111122223333.dkr.ecr.eu-west-1.amazonaws.com/acme:sagemaker-clarify-processing')],
    ],
  ])('#3 non-compliant: models with %s is FAIL, citing the models', (_case, others) => {
    // Prepare
    const m = model();
    // Act
    const findings = judge(control, { evidence: [m, ...others], coverage: allRead(1, others.length, others.length) });
    // Assess
    expect(findings[0]?.status).toBe('FAIL');
    expect(findings[0]?.evidence).toEqual([digestOf(m)]);
  });

  it('#4 not applicable: a region without models is NOT_APPLICABLE even with Clarify jobs', () => {
    // Act
    const findings = judge(control, { evidence: [job('claims-bias', CLARIFY)], coverage: allRead(0, 1, 0) });
    // Assess
    expect(findings).toEqual([expect.objectContaining({ status: 'NOT_APPLICABLE', evidence: [] })]);
  });

  it.each([
    [
      'the processing jobs could not be listed',
      [
        complete(MODELS.collector, 1),
        failed(PROCESSING_JOBS.collector, accessDenied('ListProcessingJobs')),
        complete(MONITORING_JOB_DEFINITION_COLLECTOR, 0),
      ],
    ],
    ['the job definitions collector did not run', [complete(MODELS.collector, 1), complete(PROCESSING_JOBS.collector, 0)]],
    [
      'the models could not be listed',
      [
        failed(MODELS.collector, accessDenied('ListModels')),
        complete(PROCESSING_JOBS.collector, 0),
        complete(MONITORING_JOB_DEFINITION_COLLECTOR, 0),
      ],
    ],
  ])('#5 missing evidence: gives INSUFFICIENT_EVIDENCE, never FAIL, when %s', (_case, coverage) => {
    // Act
    const findings = judge(control, { evidence: [model()], coverage });
    // Assess
    expect(findings).toEqual([expect.objectContaining({ status: 'INSUFFICIENT_EVIDENCE', evidence: [] })]);
  });
});
