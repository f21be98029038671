/** Reading IAM policy documents (lib/controls/supporting-iam-policy.ts), which the IAM controls rest on. */
import { describe, expect, it } from 'vitest';
import {
  coversAction,
  coversAllResources,
  coversWholeService,
  globMatches,
  type PolicyStatement,
  parsePolicy,
} from '../../lib/controls/supporting-iam-policy.js';
import { encoded } from '../fixtures/supporting.js';

function one(statement: Record<string, unknown>): PolicyStatement {
  const parsed = parsePolicy(encoded(statement));
  if (!parsed.ok) throw new Error(parsed.problem);
  expect(parsed.statements).toHaveLength(1);
  return parsed.statements[0] as PolicyStatement;
}

describe('parsePolicy', () => {
  it('reads a URL-encoded document, a single statement object and string or list fields', () => {
    const parsed = parsePolicy(encoded({ Sid: 'A', Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: ['*'] }));
    expect(parsed).toEqual({
      ok: true,
      statements: [
        {
          sid: 'A',
          effect: 'Allow',
          actions: ['bedrock:InvokeModel'],
          notActions: undefined,
          resources: ['*'],
          notResources: undefined,
          condition: {},
        },
      ],
    });
  });

  it('reads a document that is already decoded JSON', () => {
    expect(parsePolicy('{"Statement":[{"Effect":"Deny","NotAction":"iam:*","Resource":"*"}]}')).toMatchObject({ ok: true });
  });

  it.each([
    ['not JSON', 'not%20json'],
    ['no Statement', encodeURIComponent('{"Version":"2012-10-17"}')],
    ['an unknown Effect', encoded({ Effect: 'Maybe', Action: '*', Resource: '*' })],
    ['both Action and NotAction', encoded({ Effect: 'Allow', Action: '*', NotAction: 's3:*', Resource: '*' })],
    ['neither Action nor NotAction', encoded({ Effect: 'Allow', Resource: '*' })],
    ['an Action that is a number', encoded({ Effect: 'Allow', Action: 7, Resource: '*' })],
    ['a Condition operator without keys', encoded({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: 'x' } })],
  ])('names the problem of a document with %s instead of guessing', (_case, document) => {
    const parsed = parsePolicy(document);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem.length).toBeGreaterThan(5);
  });
});

describe('matching actions and resources', () => {
  it('matches IAM wildcards case-insensitively, with * and ? and nothing else special', () => {
    expect(globMatches('bedrock:Invoke*', 'bedrock:InvokeModelWithResponseStream')).toBe(true);
    expect(globMatches('BEDROCK:invokemodel', 'bedrock:InvokeModel')).toBe(true);
    expect(globMatches('bedrock:Invoke?odel', 'bedrock:InvokeModel')).toBe(true);
    expect(globMatches('bedrock:Invoke.odel', 'bedrock:InvokeModel')).toBe(false);
    expect(globMatches('bedrock:Get*', 'bedrock:InvokeModel')).toBe(false);
  });

  it('treats NotAction in an Allow as covering every action it does not name', () => {
    expect(coversAction(one({ Effect: 'Allow', NotAction: ['iam:*', 's3:*'], Resource: '*' }), 'bedrock:InvokeModel')).toBe(true);
    expect(coversAction(one({ Effect: 'Allow', NotAction: 'bedrock:Invoke*', Resource: '*' }), 'bedrock:InvokeModel')).toBe(false);
  });

  it.each([
    [{ Action: '*' }, true],
    [{ Action: 'bedrock:*' }, true],
    [{ Action: 'bedrock*:*' }, true],
    [{ Action: ['s3:GetObject', 'sagemaker:*'] }, false],
    [{ Action: 'bedrock:Invoke*' }, false],
    [{ NotAction: 'iam:*' }, true],
    [{ NotAction: 'bedrock:DeleteGuardrail' }, false],
  ])('%j covers all of bedrock: %s', (fields, expected) => {
    expect(coversWholeService(one({ Effect: 'Allow', Resource: '*', ...fields }), 'bedrock')).toBe(expected);
  });

  it.each([
    [{ Resource: '*' }, true],
    [{ Resource: 'arn:aws:bedrock:*:*:*' }, true],
    [{ Resource: 'arn:*:bedrock:*' }, true],
    [{ NotResource: 'arn:aws:bedrock:us-east-1:111122223333:guardrail/x' }, true],
    [{ Resource: 'arn:aws:bedrock:us-east-1::foundation-model/*' }, false],
    [{ Resource: 'arn:aws:s3:::*' }, false],
  ])('%j covers every bedrock resource: %s', (fields, expected) => {
    expect(coversAllResources(one({ Effect: 'Allow', Action: 'bedrock:*', ...fields }), 'bedrock')).toBe(expected);
  });
});
