/**
 * report.json: the run model as it is, documented by run-report.schema.json (JSON Schema
 * 2020-12). The schema is the contract for whoever reads report.json outside ixh (dashboards, CI
 * scripts); `checkRunReport` holds a report to it, so tests catch the model and the schema
 * drifting apart.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { RunReport } from './run-model.ts';

export const RUN_REPORT_SCHEMA_PATH = fileURLToPath(new URL('./run-report.schema.json', import.meta.url));

/** The schema as an object, for code that validates report.json itself. */
export const RUN_REPORT_SCHEMA: Readonly<Record<string, unknown>> = JSON.parse(readFileSync(RUN_REPORT_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;

/** The run model as JSON, valid against run-report.schema.json. */
export function renderJson(report: RunReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export interface SchemaProblem {
  /** JSON pointer into the report, e.g. "/runs/0/steps/2/outcome" ("" = the report itself). */
  readonly path: string;
  readonly message: string;
}

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  compiled ??= new Ajv2020({ allErrors: true, strict: true }).compile(RUN_REPORT_SCHEMA);
  return compiled;
}

/** Every way `value` breaks run-report.schema.json; empty when it is a valid report. */
export function checkRunReport(value: unknown): SchemaProblem[] {
  const validate = validator();
  if (validate(value)) return [];
  return (validate.errors ?? []).map(problem);
}

function problem(e: ErrorObject): SchemaProblem {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { path: e.instancePath, message: `missing required field "${String(params['missingProperty'])}"` };
    case 'additionalProperties':
      return { path: e.instancePath, message: `unknown field "${String(params['additionalProperty'])}"` };
    case 'enum':
      return { path: e.instancePath, message: `must be one of ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'const':
      return { path: e.instancePath, message: `must be ${JSON.stringify(params['allowedValue'])}` };
    default:
      return { path: e.instancePath, message: e.message ?? e.keyword };
  }
}
