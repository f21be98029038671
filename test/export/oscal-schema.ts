import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** The vendored copy of NIST's OSCAL v1.1.2 assessment-results JSON schema (draft-07). */
export const SCHEMA_PATH = fileURLToPath(new URL('../fixtures/oscal/oscal_assessment-results_schema.json', import.meta.url));
/** The reference copy beside the clone, where there is one. */
export const SHARED_SCHEMA_PATH = fileURLToPath(
  new URL('../../../shared/reference/oscal/oscal_assessment-results_schema.json', import.meta.url),
);

let validator: ValidateFunction | undefined;

/**
 * ajv (draft-07 is its default) over the vendored schema, in ajv's strict mode, which compiles
 * NIST's schema as it is. ajv-formats adds the formats the schema relies on (date-time, uri,
 * uri-reference): without them ajv would ignore those checks.
 */
export function oscalValidator(): ValidateFunction {
  if (validator === undefined) {
    const ajv = new Ajv({ strict: true, allErrors: true });
    addFormats.default(ajv);
    validator = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')));
  }
  return validator;
}
