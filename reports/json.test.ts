import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { runScenarios } from '../scenarios/engine/run-scenario.ts';
import { scenarioById } from '../scenarios/index.ts';
import { createEvidenceRecorder } from '../simulators/evidence/recorder.ts';
import { parseXmlSafely } from '../simulators/soap/safe-xml.ts';
import { attr, elements } from '../simulators/soap/xml-tree.ts';
import { constructedReport } from './constructed-report.ts';
import { checkRunReport, renderJson, RUN_REPORT_SCHEMA, RUN_REPORT_SCHEMA_PATH } from './json.ts';
import { renderJunit } from './junit.ts';
import { buildRunReport, RUN_REPORT_VERSION, type RunReport } from './run-model.ts';

/** A JSON round trip, as a reader of report.json sees it (undefined fields gone). */
const asRead = (report: RunReport): Record<string, unknown> => JSON.parse(renderJson(report)) as Record<string, unknown>;

describe('run-report.schema.json', () => {
  it('is a JSON Schema 2020-12 that ajv compiles in strict mode, with its version matching the model', () => {
    const schema = JSON.parse(readFileSync(RUN_REPORT_SCHEMA_PATH, 'utf8')) as { $schema: string; properties: { version: { const: number } } };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(() => new Ajv2020({ strict: true, allErrors: true }).compile(RUN_REPORT_SCHEMA)).not.toThrow();
    expect(schema.properties.version.const).toBe(RUN_REPORT_VERSION);
  });

  it('describes every field it defines', () => {
    const undescribed: string[] = [];
    const visit = (node: unknown, path: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const n = node as Record<string, unknown>;
      for (const [key, child] of Object.entries((n['properties'] ?? {}) as Record<string, Record<string, unknown>>)) {
        if (typeof child['description'] !== 'string' && !('$ref' in child)) undescribed.push(`${path}/${key}`);
      }
      for (const [key, value] of Object.entries(n)) visit(value, `${path}/${key}`);
    };
    visit(RUN_REPORT_SCHEMA, '');
    expect(undescribed).toEqual([]);
  });
});

describe('renderJson', () => {
  it('writes the model as it is, and a constructed report with every outcome and both variant kinds validates', () => {
    const report = constructedReport();
    expect(asRead(report)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(checkRunReport(asRead(report))).toEqual([]);
  });

  it('rejects a report missing a field, naming the field and where', () => {
    const report = asRead(constructedReport());
    const run = (report['runs'] as Record<string, unknown>[])[0]!;
    const step = (run['steps'] as Record<string, unknown>[])[1]!;
    delete step['findings'];
    delete report['summary'];
    expect(checkRunReport(report)).toEqual(
      expect.arrayContaining([
        { path: '', message: 'missing required field "summary"' },
        { path: '/runs/0/steps/1', message: 'missing required field "findings"' },
      ]),
    );
  });

  it('rejects an outcome outside the vocabulary, a wrong version and an unknown field, each at its path', () => {
    const report = asRead(constructedReport());
    const runs = report['runs'] as Record<string, unknown>[];
    (runs[0]!['steps'] as Record<string, unknown>[])[0]!['outcome'] = 'passed';
    runs[1]!['verdict'] = 'pass';
    report['version'] = 2;
    const problems = checkRunReport(report);
    expect(problems).toContainEqual({ path: '/runs/0/steps/0/outcome', message: 'must be one of "pass", "fail", "skip", "error"' });
    expect(problems).toContainEqual({ path: '/runs/1', message: 'unknown field "verdict"' });
    expect(problems).toContainEqual({ path: '/version', message: 'must be 1' });
    expect(problems).toHaveLength(3);
  });

  it('rejects a finding with a bad severity, a non-ISO time and a negative byte count', () => {
    const report = asRead(constructedReport());
    const step = ((report['runs'] as Record<string, unknown>[])[0]!['steps'] as Record<string, unknown>[])[1]!;
    (step['findings'] as Record<string, unknown>[])[0]!['severity'] = 'fatal';
    step['startedAt'] = 'yesterday';
    step['bytes'] = -1;
    expect(checkRunReport(report).map((p) => p.path).sort()).toEqual(['/runs/0/steps/1/bytes', '/runs/0/steps/1/findings/0/severity', '/runs/0/steps/1/startedAt']);
  });

  it('rejects what is not a report at all without throwing', () => {
    expect(checkRunReport(null)).toEqual([{ path: '', message: 'must be object' }]);
    expect(checkRunReport('report')).toHaveLength(1);
  });
});

// A real run (one cheap scenario, its main run and negative variant, about 4 s) so that the
// schema is held to what the engine and buildRunReport really write, not to what we think they write.
describe('a real run of holiday-report', () => {
  let report: RunReport;
  beforeAll(async () => {
    const definition = scenarioById('holiday-report')!;
    const evidence = createEvidenceRecorder();
    const startedAt = new Date();
    const runs = await runScenarios([definition], { evidence });
    await evidence.flush();
    report = await buildRunReport({ definitions: [definition], runs, evidence, profile: 'xca-i', seed: 3, startedAt, finishedAt: new Date(), toolVersion: '0.0.0-test' });
    await evidence.close();
  }, 60_000);

  it('validates against the schema, messages and a failing negative-variant step included', () => {
    expect(report.runs.map((r) => `${r.variant}:${r.outcome}`)).toEqual(['main:pass', 'unknown-patient:pass']);
    expect(report.runs[1]!.steps.some((s) => s.outcome === 'fail' && s.findings.length > 0)).toBe(true);
    expect(report.messages.length).toBeGreaterThan(0);
    expect(checkRunReport(asRead(report))).toEqual([]);
  });

  it('renders as JUnit with a green suite per passed run', () => {
    const root = parseXmlSafely(renderJunit(report));
    const suites = elements(root, '', 'testsuite');
    expect(suites.map((s) => attr(s, 'name'))).toEqual(['holiday-report/main', 'holiday-report/unknown-patient']);
    for (const s of suites) expect([attr(s, 'failures'), attr(s, 'errors')]).toEqual(['0', '0']);
    expect(Number(attr(root, 'tests'))).toBe(report.summary.steps + 1); // + the variant's "expected failure" testcase
  });
});
