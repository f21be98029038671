import { describe, expect, it } from 'vitest';
import { collectorManifest, collectors } from '../../lib/collectors/index.js';
import { COLLECTOR_MANIFEST } from '../../lib/collectors/manifest.js';

describe('the collector manifest', () => {
  it('holds every collector with its id, service, description and actions, in run order (else: npm run gen:collectors)', () => {
    // Act / Assess
    expect(COLLECTOR_MANIFEST).toEqual(collectorManifest(collectors));
    expect(COLLECTOR_MANIFEST.map((c) => c.id)).toEqual(collectors.map((c) => c.id));
  });
});
