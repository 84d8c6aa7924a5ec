import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTool } from '../peers/run-tool.ts';
import { hasBinary, peerDescribe } from '../test/interop/require-peer.ts';
import { parseXmlSafely } from '../simulators/soap/safe-xml.ts';
import { attr, elements, textOf, type XmlElement } from '../simulators/soap/xml-tree.ts';
import { CONSTRUCTED_COUNTS, constructedReport, finding, NASTY_TEXT } from './constructed-report.ts';
import { EXPECTED_FAILURE_CASE, HARNESS_ERROR_TYPE, renderJunit } from './junit.ts';
import type { RunReport } from './run-model.ts';

function parsed(report: RunReport = constructedReport()): XmlElement {
  return parseXmlSafely(renderJunit(report));
}

function suite(root: XmlElement, name: string): XmlElement {
  const found = elements(root, '', 'testsuite').find((s) => attr(s, 'name') === name);
  if (!found) throw new Error(`no testsuite ${name}`);
  return found;
}

function testcase(s: XmlElement, name: string): XmlElement {
  const found = elements(s, '', 'testcase').find((c) => attr(c, 'name') === name);
  if (!found) throw new Error(`no testcase "${name}" in ${attr(s, 'name')}: ${elements(s, '', 'testcase').map((c) => attr(c, 'name')).join(' | ')}`);
  return found;
}

const counts = (e: XmlElement): Record<string, number> => Object.fromEntries(['tests', 'failures', 'errors', 'skipped'].map((k) => [k, Number(attr(e, k))]));

/** The counts a reader recomputes from the testcases themselves. */
function recount(s: XmlElement): Record<string, number> {
  const cases = elements(s, '', 'testcase');
  const has = (local: string): number => cases.filter((c) => elements(c, '', local).length > 0).length;
  return { tests: cases.length, failures: has('failure'), errors: has('error'), skipped: has('skipped') };
}

describe('renderJunit', () => {
  it('gives one testsuite per run and one testcase per step, with the counts right for every kind of run', () => {
    const root = parsed();
    expect(root.local).toBe('testsuites');
    expect(elements(root, '', 'testsuite').map((s) => attr(s, 'name'))).toEqual(Object.keys(CONSTRUCTED_COUNTS));
    for (const [name, expected] of Object.entries(CONSTRUCTED_COUNTS)) {
      const s = suite(root, name);
      expect(counts(s), name).toEqual(expected);
      expect(recount(s), name).toEqual(expected);
    }
    expect(counts(root)).toEqual({ tests: 14, failures: 2, errors: 1, skipped: 4 });
  });

  it('names testcases ixh.<scenario>.<variant> / "<step> - <title>", times in seconds, scenario title on the suite', () => {
    const s = suite(parsed(), 'alpha/main');
    const identify = testcase(s, 'identify - do identify');
    expect(attr(identify, 'classname')).toBe('ixh.alpha.main');
    expect(attr(identify, 'time')).toBe('0.250');
    expect(attr(s, 'time')).toBe('0.500');
    const props = elements(elements(s, '', 'properties')[0]!, '', 'property').map((p) => [attr(p, 'name'), attr(p, 'value')]);
    expect(props).toContainEqual(['title', 'Alpha & <friends>: identify, list, retrieve']);
    expect(props).toContainEqual(['verdict', 'fail']);
    expect(props).toContainEqual(['requirement', 'UC-541']);
  });

  it('puts every error finding of a failed step in its <failure>, with rule, requirements, specRef, subject/path, expected/actual', () => {
    const list = testcase(suite(parsed(), 'alpha/main'), 'list - do list');
    const failure = elements(list, '', 'failure')[0]!;
    expect(attr(failure, 'type')).toBe('alpha.list.status');
    expect(attr(failure, 'message')).toMatch(/^alpha\.list\.status: .*\(\+1 more: alpha\.list\.count\)$/);
    const text = textOf(failure);
    expect(text).toContain('alpha.list.status [GEN-02, GEN-13] (IHE ITI TF-2b 3.55)');
    expect(text).toContain('alpha.list.count [GEN-01]');
    expect(text).toContain('subject: 000012-consumer-ITI-55-response.xml  path: /Envelope/Body');
    expect(text).toContain('expected: OK');
    expect(text).toContain('actual: NF');
    expect(text).not.toContain('alpha.list.style'); // the warning is not a failure…
    expect(textOf(elements(list, '', 'system-out')[0])).toContain('warning: alpha.list.style'); // …it is shown beside it
    const requirements = elements(elements(list, '', 'properties')[0]!, '', 'property').map((p) => attr(p, 'value'));
    expect(requirements).toEqual(['GEN-01', 'GEN-02', 'GEN-13']);
  });

  it('keeps markup, quotes and ampersands of findings as text and drops characters XML 1.0 forbids', () => {
    const xml = renderJunit(constructedReport());
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    expect(xml).not.toMatch(/[\uD800-\uDFFF]/);
    const failure = elements(testcase(suite(parseXmlSafely(xml), 'alpha/main'), 'list - do list'), '', 'failure')[0]!;
    const clean = NASTY_TEXT.replace(/[\u0001\u0007\uD800]/g, '');
    expect(textOf(failure)).toContain(`  ${clean}`);
    expect(attr(failure, 'message')).toContain(clean);
  });

  it('renders a harness error as <error>, never as a failure', () => {
    const s = suite(parsed(), 'beta/main');
    const list = testcase(s, 'list - do list');
    const error = elements(list, '', 'error')[0]!;
    expect(attr(error, 'type')).toBe(HARNESS_ERROR_TYPE);
    expect(attr(error, 'message')).toBe('TypeError: cannot read <undefined>');
    expect(textOf(error)).toContain('at list (list.ts:1)');
    expect(elements(list, '', 'failure')).toHaveLength(0);
    expect(elements(testcase(s, 'retrieve - do retrieve'), '', 'skipped')).toHaveLength(1);
  });

  it('keeps CI green for a negative variant whose fault was detected: its failed step passes, saying what was detected', () => {
    const s = suite(parsed(), 'alpha/unknown-patient');
    const identify = testcase(s, 'identify - do identify');
    expect(elements(identify, '', 'failure')).toHaveLength(0);
    expect(textOf(elements(identify, '', 'system-out')[0])).toMatch(/^expected failure detected: alpha\.identify\.found/);
    const expected = testcase(s, `${EXPECTED_FAILURE_CASE} alpha.identify.found`);
    expect(elements(expected, '', 'failure')).toHaveLength(0);
  });

  it('turns CI red for a negative variant whose fault went undetected, on a testcase "expected failure <ruleId>"', () => {
    const s = suite(parsed(), 'alpha/silent-fault');
    const failure = elements(testcase(s, `${EXPECTED_FAILURE_CASE} alpha.list.status`), '', 'failure')[0]!;
    expect(attr(failure, 'type')).toBe('alpha.list.status');
    expect(attr(failure, 'message')).toBe('expected failure NOT detected: alpha.list.status');
    expect(textOf(failure)).toContain('raised instead: nothing');
  });

  it('gives a negative variant that ended in a harness error an <error> and leaves its expectation unjudged', () => {
    const report = constructedReport();
    const broken = { ...report.runs[1]!, outcome: 'error' as const, expectedFailure: { ruleId: 'alpha.identify.found', detected: false }, steps: [{ ...report.runs[1]!.steps[0]!, stepId: 'arrange', outcome: 'error' as const, findings: [], error: 'arrange threw' }] };
    const s = suite(parsed({ ...report, runs: [broken] }), 'alpha/unknown-patient');
    expect(counts(s)).toEqual({ tests: 2, failures: 0, errors: 1, skipped: 1 });
  });

  it('has failures or errors in a suite exactly when the run did not pass', () => {
    const report = constructedReport();
    const root = parsed(report);
    for (const run of report.runs) {
      const c = counts(suite(root, `${run.scenarioId}/${run.variant}`));
      expect(c['failures']! + c['errors']! > 0, `${run.scenarioId}/${run.variant}`).toBe(run.outcome !== 'pass');
    }
  });

  it('still gives a failure (not a silent pass) for a failed step without an error finding', () => {
    const report = constructedReport();
    const odd = { ...report.runs[0]!, steps: [{ ...report.runs[0]!.steps[1]!, findings: [finding('x.y', { severity: 'info' })] }] };
    const failure = elements(testcase(suite(parsed({ ...report, runs: [odd] }), 'alpha/main'), 'list - do list'), '', 'failure');
    expect(failure).toHaveLength(1);
  });
});

// No JUnit XSD is kept in ../shared/schemas (there is no official one), so the structure is
// asserted above with our parser; xmllint is a second, independent judge of well-formedness.
const describeWithXmllint = await peerDescribe('xmllint', () => hasBinary('xmllint'));

describeWithXmllint('renderJunit output read by xmllint', () => {
  it('is well-formed XML 1.0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ixh-junit-'));
    try {
      const file = join(dir, 'junit.xml');
      await writeFile(file, renderJunit(constructedReport()));
      const result = await runTool('xmllint', ['--noout', file], { timeoutMs: 10_000 });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
