import { describe, expect, it } from 'vitest';
import { control as flowValid } from '../../lib/controls/bedrock_flow_definition_valid.js';
import { control as automatedReasoning } from '../../lib/controls/bedrock_guardrail_automated_reasoning_enabled.js';
import { control as imageFiltered } from '../../lib/controls/bedrock_guardrail_image_content_filtered.js';
import { control as standardTier } from '../../lib/controls/bedrock_guardrail_standard_tier.js';
import type { Control } from '../../lib/controls/types.js';
import {
  describedFlow,
  describedGuardrail,
  FLOW_COLLECTOR,
  flowEvidence,
  flowSubject,
  GUARDRAIL_COLLECTOR,
  guardrailEvidence,
  guardrailSubject,
  judgeOne,
} from '../fixtures/bedrock.js';
import { describeSharedCases } from '../fixtures/control-cases.js';
import { digestOf } from '../fixtures/evidence.js';

const base = describedGuardrail('gr-claims');
const contentPolicy = base.contentPolicy as { filters: Record<string, unknown>[]; tier: unknown };
const topicPolicy = base.topicPolicy as { topics: unknown[]; tier: unknown };
/** The content filters with `change` applied to the harmful category ones (PROMPT_ATTACK kept as it is). */
const harmful = (change: Record<string, unknown>) => ({
  ...contentPolicy,
  filters: contentPolicy.filters.map((f) =>
    f.type === 'PROMPT_ATTACK' ? f : Object.fromEntries(Object.entries({ ...f, ...change }).filter(([, v]) => v !== undefined)),
  ),
});

type Case = [string, Record<string, unknown>, 'PASS' | 'FAIL' | 'INSUFFICIENT_EVIDENCE' | 'NOT_APPLICABLE', string];

const CASES: { control: Control; cases: Case[] }[] = [
  {
    control: standardTier,
    cases: [
      ['#1 both policies in STANDARD', {}, 'PASS', 'STANDARD tier for content filters and denied topics'],
      ['#2 only denied topics, in STANDARD', { contentPolicy: undefined }, 'PASS', 'STANDARD tier for denied topics'],
      [
        '#3 content filters in CLASSIC',
        { contentPolicy: { ...contentPolicy, tier: { tierName: 'CLASSIC' } } },
        'FAIL',
        'content filters (CLASSIC)',
      ],
      [
        '#4 denied topics without a tier (CLASSIC by default)',
        { topicPolicy: { topics: topicPolicy.topics } },
        'FAIL',
        'no tier, so CLASSIC',
      ],
      ['#5 no content filter and no denied topic', { contentPolicy: undefined, topicPolicy: undefined }, 'NOT_APPLICABLE', 'neither'],
      [
        '#6 a tier this control does not know',
        { contentPolicy: { ...contentPolicy, tier: { tierName: 'PREMIUM' } } },
        'INSUFFICIENT_EVIDENCE',
        'PREMIUM',
      ],
      [
        '#7 a tier that is not an object',
        { topicPolicy: { ...topicPolicy, tier: 'STANDARD' } },
        'INSUFFICIENT_EVIDENCE',
        'topicPolicy.tier',
      ],
    ],
  },
  {
    control: imageFiltered,
    cases: [
      ['#1 every harmful filter inspects images both ways', {}, 'PASS', 'filters images as well as text for its 5'],
      [
        '#2 modalities left out (TEXT only)',
        { contentPolicy: harmful({ inputModalities: undefined, outputModalities: undefined }) },
        'FAIL',
        'HATE (input and output)',
      ],
      ['#3 images on input only', { contentPolicy: harmful({ outputModalities: ['TEXT'] }) }, 'FAIL', 'VIOLENCE (output)'],
      ['#4 no harmful content filter at all', { contentPolicy: undefined }, 'FAIL', 'no harmful content filter'],
      [
        '#5 modalities that are not a list',
        { contentPolicy: harmful({ inputModalities: 'IMAGE' }) },
        'INSUFFICIENT_EVIDENCE',
        'inputModalities',
      ],
    ],
  },
  {
    control: automatedReasoning,
    cases: [
      ['#1 one Automated Reasoning policy', {}, 'PASS', 'automated-reasoning-policy/claimsrules01:1) at a confidence threshold of 0.8'],
      ['#2 no Automated Reasoning policy', { automatedReasoningPolicy: undefined }, 'FAIL', 'no Automated Reasoning policy'],
      ['#3 a configuration naming no policy', { automatedReasoningPolicy: { policies: [] } }, 'FAIL', 'names no policy'],
      [
        '#4 policies that are not a list of ARNs',
        { automatedReasoningPolicy: { policies: [1] } },
        'INSUFFICIENT_EVIDENCE',
        'automatedReasoningPolicy.policies',
      ],
    ],
  },
];

describe.each(CASES)('$control.id', ({ control, cases }) => {
  it.each(cases)('%s is %s', (_case, overrides, status, words) => {
    const evidence = guardrailEvidence(describedGuardrail('gr-claims', overrides));
    const finding = judgeOne(control, GUARDRAIL_COLLECTOR, evidence);
    expect(finding.status).toBe(status);
    expect(finding.reason).toContain('guardrail-gr-claims');
    expect(finding.reason).toContain(words);
    expect(finding.evidence).toEqual([digestOf(evidence)]);
  });

  describeSharedCases(guardrailSubject(control));
});

describe('bedrock_flow_definition_valid', () => {
  const error = { severity: 'Error', type: 'UnfulfilledNodeInput', message: 'Node Summarise input claim is not connected' };
  const warning = { severity: 'Warning', type: 'UnreachableNode', message: 'Node Archive is unreachable' };
  it.each<Case>([
    ['#1 prepared, no validation message', {}, 'PASS', 'validates without errors.'],
    ['#2 prepared with a warning only', { validations: [warning] }, 'PASS', '1 warning: UnreachableNode: Node Archive is unreachable'],
    ['#3 a validation error', { status: 'NotPrepared', validations: [warning, error] }, 'FAIL', '1 validation error: UnfulfilledNodeInput'],
    ['#4 preparation failed', { status: 'Failed' }, 'FAIL', 'status Failed'],
    ['#5 changed since it was prepared', { status: 'NotPrepared' }, 'INSUFFICIENT_EVIDENCE', 'has not been validated'],
    ['#6 validations that are not a list', { validations: 'Error' }, 'INSUFFICIENT_EVIDENCE', 'validations'],
    ['#7 no status', { status: undefined }, 'INSUFFICIENT_EVIDENCE', 'status'],
  ])('%s is %s', (_case, overrides, status, words) => {
    const evidence = flowEvidence(describedFlow('CLMFLOW001', overrides));
    const finding = judgeOne(flowValid, FLOW_COLLECTOR, evidence);
    expect(finding.status).toBe(status);
    expect(finding.reason).toContain('flow-CLMFLOW001');
    expect(finding.reason).toContain(words);
  });

  describeSharedCases(flowSubject(flowValid));
});
