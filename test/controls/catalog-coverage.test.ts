import { describe, expect, it } from 'vitest';
import { CONTEXT_COLLECTOR_IDS, collectors } from '../../lib/collectors/index.js';
import { SERVICE_NAMES } from '../../lib/collectors/types.js';
import { catalog } from '../../lib/controls/index.js';
import { AI_LAYERS } from '../../lib/controls/types.js';
import { cafAi } from '../../lib/frameworks/definitions.js';

/** What the catalog as a whole must cover (issue 3): breadth is the product. */
describe('catalog coverage', () => {
  it('has at least 60 automated controls', () => {
    expect(catalog.length).toBeGreaterThanOrEqual(60);
  });

  it.each(cafAi.requirements.map((r) => [r.id, r.group]))('backs CAF-AI capability %s (%s) with automated controls', (id) => {
    // Act
    const mapped = catalog.filter((c) => c.cafAi.includes(id));
    // Assess
    expect(mapped.length).toBeGreaterThan(0);
  });

  it.each(cafAi.requirements.filter((r) => r.group === 'AI-enriched').map((r) => r.id))(
    'covers the inputs, the model and the outputs for AI-enriched capability %s',
    (id) => {
      // Act
      const layers = new Set(catalog.filter((c) => c.cafAi.includes(id)).flatMap((c) => c.aiLayers));
      // Assess
      expect(AI_LAYERS.filter((l) => !layers.has(l))).toEqual([]);
    },
  );

  it('reads every service the issue names', () => {
    // Act
    const read = catalog.flatMap((c) => c.collectors.map((id) => collectors.find((x) => x.id === id)));
    const services = new Set(read.map((x) => x?.service));
    // A collector may call other services on the way (a knowledge base's vector store in OpenSearch Serverless, RDS, KMS):
    // those count by the IAM actions it declares, whose prefix is the client's key for them.
    const called = new Set(read.flatMap((x) => x?.actions ?? []).map((a) => a.slice(0, a.indexOf(':'))));
    // Assess
    for (const service of SERVICE_NAMES) {
      expect(services.has(service) || called.has(service), service).toBe(true);
    }
  });

  it('gives every collector at least one control (but the context collectors, which none may judge), and lists the IAM actions it calls', () => {
    for (const collector of collectors) {
      expect(
        catalog.some((c) => c.collectors.includes(collector.id)),
        collector.id,
      ).toBe(!CONTEXT_COLLECTOR_IDS.has(collector.id));
      expect(collector.actions.length, collector.id).toBeGreaterThan(0);
      for (const action of collector.actions) expect(action, collector.id).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
    }
  });
});
