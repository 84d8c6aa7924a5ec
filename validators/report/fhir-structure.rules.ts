/**
 * FHIR-specific structure of the imaging report: an R4 document Bundle (type document, identifier,
 * timestamp, Composition first — FHIR R4 Bundle invariants bdl-9/bdl-10/bdl-11), valid against
 * the R4 JSON Schema, and self-contained (every reference resolves inside the Bundle, so a
 * receiver across a border can read it without calling back).
 */
import type { Rule, RuleFinding } from '../rule.ts';
import type { FhirReportSubject } from './extract-fhir.ts';
import { checkFhirSchema } from './fhir-schema.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export const fhirDocumentRule: Rule<FhirReportSubject> = {
  id: 'report.fhir.document',
  title: 'The report is a FHIR document Bundle: type document, identifier, timestamp, Composition as first entry',
  severity: 'error',
  requirements: ['REP-08', 'REP-01'],
  specRef: 'FHIR R4 Bundle (bdl-9, bdl-10, bdl-11), HL7 EU Imaging Report BundleEuImaging',
  *check({ json, parseError }): Iterable<RuleFinding> {
    if (parseError) {
      yield { path: '/', message: `cannot read the FHIR document: ${parseError}` };
      return;
    }
    const bundle = json as Json;
    if (bundle['type'] !== 'document') yield { path: '/type', message: 'the Bundle is not a document', expected: 'document', actual: String(bundle['type']) };
    if (!isObject(bundle['identifier']) || typeof bundle['identifier']['value'] !== 'string') yield { path: '/identifier', message: 'a document Bundle needs an identifier (bdl-9)' };
    if (typeof bundle['timestamp'] !== 'string') yield { path: '/timestamp', message: 'a document Bundle needs a timestamp (bdl-10)' };
    const entries = Array.isArray(bundle['entry']) ? bundle['entry'] : [];
    const first = entries[0];
    const type = isObject(first) && isObject(first['resource']) ? first['resource']['resourceType'] : undefined;
    if (type !== 'Composition') yield { path: '/entry/0/resource/resourceType', message: 'the first entry of a document is its Composition (bdl-11)', expected: 'Composition', actual: String(type ?? '(no entry)') };
  },
};

export const fhirSchemaRule: Rule<FhirReportSubject> = {
  id: 'report.fhir.schema',
  title: 'The Bundle and every resource in it validate against the FHIR R4 JSON Schema',
  severity: 'error',
  requirements: ['REP-08'],
  specRef: 'FHIR R4 JSON representation (fhir.schema.json)',
  *check({ json, parseError }): Iterable<RuleFinding> {
    if (parseError) return;
    for (const p of checkFhirSchema(json)) yield { path: p.pointer, message: p.message };
  },
};

/** Every `reference` string in the tree, with its JSON pointer. */
function* references(node: unknown, path: string): Generator<{ reference: string; path: string }> {
  if (Array.isArray(node)) {
    for (const [i, v] of node.entries()) yield* references(v, `${path}/${i}`);
  } else if (isObject(node)) {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'reference' && typeof v === 'string') yield { reference: v, path: `${path}/reference` };
      else yield* references(v, `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  }
}

export const fhirReferencesRule: Rule<FhirReportSubject> = {
  id: 'report.fhir.references',
  title: 'Entry fullUrls are unique and every reference resolves to an entry of the Bundle',
  severity: 'error',
  requirements: ['REP-08', 'MET-07'],
  specRef: 'FHIR R4 Bundle 2.36.4 (resolving references in Bundles), bdl-7',
  *check({ json, parseError }): Iterable<RuleFinding> {
    if (parseError) return;
    const entries = Array.isArray((json as Json)['entry']) ? ((json as Json)['entry'] as unknown[]) : [];
    const targets = new Set<string>();
    for (const [i, e] of entries.entries()) {
      const fullUrl = isObject(e) ? e['fullUrl'] : undefined;
      const resource = isObject(e) && isObject(e['resource']) ? e['resource'] : undefined;
      if (typeof fullUrl === 'string') {
        if (targets.has(fullUrl)) yield { path: `/entry/${i}/fullUrl`, message: `duplicate fullUrl ${fullUrl} (bdl-7)` };
        targets.add(fullUrl);
      } else {
        yield { path: `/entry/${i}/fullUrl`, message: 'entry without fullUrl: nothing can reference it' };
      }
      if (resource && typeof resource['id'] === 'string') targets.add(`${String(resource['resourceType'])}/${resource['id']}`);
    }
    for (const ref of references(json, '')) {
      if (ref.reference.startsWith('#')) continue;
      if (!targets.has(ref.reference)) yield { path: ref.path, message: `reference ${ref.reference} does not resolve inside the Bundle`, actual: ref.reference };
    }
  },
};

export const FHIR_STRUCTURE_RULES: readonly Rule<FhirReportSubject>[] = [fhirDocumentRule, fhirSchemaRule, fhirReferencesRule];
