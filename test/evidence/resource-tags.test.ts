import { describe, expect, it } from 'vitest';
import { makeEvidence, sealEvidence } from '../../lib/evidence/record.js';
import { mayBeTaggingRecord, ownerTag, runTags, TAGGING_COLLECTOR, tagKeysOwnerFirst, tagPairs } from '../../lib/evidence/resource-tags.js';
import { COLLECTED_AT, notebookArn, SCOPE } from '../fixtures/evidence.js';

function tagRecord(arn: string, tags: unknown, collector = TAGGING_COLLECTOR) {
  return makeEvidence({
    ...SCOPE,
    source: { collector, service: 'tagging', operation: 'GetResources' },
    resource: { type: 'AWS::SageMaker::NotebookInstance', id: arn },
    collectedAt: new Date(COLLECTED_AT),
    data: { ResourceARN: arn, Tags: tags },
  });
}

describe('runTags', () => {
  it('maps each tagged ARN to its tags, from tagging records only', () => {
    const a = notebookArn('a');
    const b = notebookArn('b');
    const tags = runTags([
      tagRecord(a, [
        { Key: 'Owner', Value: 'ml-team' },
        { Key: 'env', Value: '' },
      ]),
      tagRecord(b, [{ Key: 'Team', Value: 'x' }], 'sagemaker.notebook-instances'),
    ]);
    expect([...tags]).toEqual([[a, { Owner: 'ml-team', env: '' }]]);
  });

  it('skips entries without a Key, reads a missing Value as empty, and keeps the first of a key given twice', () => {
    const a = notebookArn('a');
    const tags = runTags([
      tagRecord(a, [{ Value: 'lost' }, null, { Key: 'k' }, { Key: 'Owner', Value: 'first' }, { Key: 'Owner', Value: 'second' }]),
      tagRecord(a, [
        { Key: 'Owner', Value: 'third' },
        { Key: 'more', Value: 'm' },
      ]),
    ]);
    expect(tags.get(a)).toEqual({ k: '', Owner: 'first', more: 'm' });
    expect(runTags([tagRecord(a, 'not a list')]).get(a)).toEqual({});
  });

  it('recognises a tagging record from its canonical bytes before parsing', () => {
    expect(mayBeTaggingRecord(sealEvidence(tagRecord(notebookArn('a'), [])).bytes)).toBe(true);
    expect(mayBeTaggingRecord(sealEvidence(tagRecord(notebookArn('a'), [], 'sagemaker.models')).bytes)).toBe(false);
  });
});

describe('ownerTag and tagPairs', () => {
  it('takes the first owner-like key with a value: owner, then team, contact, cost center, whatever the case and separators', () => {
    expect(ownerTag({ CostCenter: 'CC-1', Team: 'ml', env: 'prod' })).toEqual({ key: 'Team', value: 'ml' });
    expect(ownerTag({ owner: 'b', Owner: 'a' })).toEqual({ key: 'Owner', value: 'a' });
    expect(ownerTag({ Owner: '  ', 'cost-center': 'CC-2' })).toEqual({ key: 'cost-center', value: 'CC-2' });
    expect(ownerTag({ Contact: 'c@example.com' })).toEqual({ key: 'Contact', value: 'c@example.com' });
    expect(ownerTag({ env: 'prod', Ownership: 'x' })).toBeUndefined();
    expect(ownerTag(undefined)).toBeUndefined();
  });

  it('lists owner-like keys first, then the rest by key', () => {
    expect(tagKeysOwnerFirst({ z: '1', Team: '2', a: '3', Owner: '4' })).toEqual(['Owner', 'Team', 'a', 'z']);
  });

  it('writes every tag as key=value, sorted by key, joined by "; "', () => {
    expect(tagPairs({ env: 'prod', Owner: 'a=b', 'aws:cloudformation:stack-name': 's' })).toBe(
      'Owner=a=b; aws:cloudformation:stack-name=s; env=prod',
    );
    expect(tagPairs({})).toBe('');
    expect(tagPairs(undefined)).toBe('');
  });
});
