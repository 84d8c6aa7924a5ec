import { describe, expect, it } from 'vitest';
import { ALLURE_MESSAGES_PER_STEP } from './allure-model.ts';
import { BUSY_STEP_MESSAGES, demoReport, NAMED_MESSAGE } from './allure-test-fixture.ts';
import { renderAllure, type AllureFile } from './allure.ts';

interface Step { name: string; status: string; statusDetails: { message?: string }; stage: string; start: number; stop: number; parameters: { name: string; value: string }[]; attachments: { name: string; source: string; type: string }[]; steps: unknown[] }
interface Result { uuid: string; historyId: string; testCaseId: string; name: string; fullName: string; status: string; statusDetails: { message?: string }; stage: string; start: number; stop: number; labels: { name: string; value: string }[]; links: unknown[]; parameters: { name: string; value: string }[]; steps: Step[]; attachments: unknown[] }

const text = (f: AllureFile): string => (typeof f.content === 'string' ? f.content : new TextDecoder().decode(f.content));
const results = (files: AllureFile[]): Result[] => files.filter((f) => f.name.endsWith('-result.json')).map((f) => JSON.parse(text(f)) as Result);
const byName = (files: AllureFile[], name: string): Result => {
  const r = results(files).find((x) => x.name === name);
  if (!r) throw new Error(`no result named ${name}`);
  return r;
};
const values = (r: Result, label: string): string[] => r.labels.filter((l) => l.name === label).map((l) => l.value);

describe('renderAllure', () => {
  const files = renderAllure(demoReport());

  it('writes one result per run with the fields Allure 2 needs, named by its uuid', () => {
    const all = results(files);
    expect(all.map((r) => r.name)).toEqual(['demo/main', 'demo/bad-list', 'demo/missed', 'gone/main', 'demo/later']);
    for (const r of all) {
      expect(files.some((f) => f.name === `${r.uuid}-result.json`)).toBe(true);
      expect(r.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(r).toEqual(expect.objectContaining({ historyId: expect.any(String), testCaseId: expect.any(String), fullName: expect.any(String), stage: 'finished', start: expect.any(Number), stop: expect.any(Number), links: [], attachments: [] }));
      expect(r.stop).toBeGreaterThanOrEqual(r.start);
      for (const s of r.steps) expect(s).toEqual(expect.objectContaining({ name: expect.any(String), status: expect.any(String), stage: 'finished', steps: [], parameters: expect.any(Array), attachments: expect.any(Array) }));
    }
    expect(new Set(all.map((r) => r.uuid)).size).toBe(all.length);
  });

  it('maps run outcomes: pass → passed, fail → failed, error → broken, skip → skipped', () => {
    expect(byName(files, 'demo/main').status).toBe('passed');
    expect(byName(files, 'demo/bad-list').status).toBe('passed');
    expect(byName(files, 'demo/missed').status).toBe('failed');
    expect(byName(files, 'gone/main').status).toBe('broken');
    expect(byName(files, 'demo/later').status).toBe('skipped');
    expect(byName(files, 'demo/missed').statusDetails.message).toContain('expected finding demo.list.status in step list: NOT detected');
    expect(byName(files, 'gone/main').statusDetails.message).toContain('world did not start: port in use');
    expect(byName(files, 'demo/main').statusDetails).toEqual({});
  });

  it('shows the detecting step of a negative variant as passed with the expected failure', () => {
    const [identify, list] = byName(files, 'demo/bad-list').steps;
    expect(identify!.status).toBe('passed');
    expect(list!.status).toBe('passed');
    expect(list!.parameters).toContainEqual({ name: 'expected failure', value: 'demo.list.status' });
    expect(list!.statusDetails.message).toMatch(/^expected failure detected:\ndemo\.list\.status \[GEN-10\]/);
    expect(byName(files, 'demo/bad-list').parameters).toContainEqual({ name: 'expected failure', value: 'demo.list.status' });
  });

  it('maps step outcomes, and a variant that missed its fault keeps its failing step failed', () => {
    const [identify, list] = byName(files, 'demo/missed').steps;
    expect(identify!.status).toBe('failed');
    expect(identify!.statusDetails.message).toContain('demo.identify.found [GEN-09]');
    expect(identify!.parameters.some((p) => p.name === 'expected failure')).toBe(false);
    expect(list!.status).toBe('skipped');
    expect(byName(files, 'gone/main').steps[0]).toEqual(expect.objectContaining({ status: 'broken', statusDetails: { message: 'world did not start: port in use' } }));
  });

  it('labels use case, scenario, variant, requirements (of run, steps and findings) and actors', () => {
    const r = byName(files, 'demo/bad-list');
    expect(values(r, 'epic')).toEqual(['UC-541 Query, retrieve and view studies and reports (pull).']);
    expect(values(r, 'feature')).toEqual(['demo: Demo exchange']);
    expect(values(r, 'story')).toEqual(['bad-list: the list is refused']);
    expect(values(r, 'parentSuite')).toEqual(['demo']);
    expect(values(r, 'requirement')).toEqual(['UC-541', 'GEN-01', 'GEN-09', 'GEN-10']);
    expect(values(r, 'actor')).toEqual(['CZ hospital', 'NL NCP-A']);
    expect(values(r, 'tag')).toEqual(expect.arrayContaining(['negative', 'ITI-55', 'ITI-38']));
    expect(values(byName(files, 'demo/main'), 'tag')).toContain('positive');
    expect(values(byName(files, 'gone/main'), 'feature')).toEqual(['gone']);
    expect(byName(files, 'demo/main').fullName).toBe('imaging-exchange-harness:scenarios/scenarios.test.ts#demo main');
  });

  it('attaches the step messages as files in the results: text bodies as they are, binaries as a stub', () => {
    const identify = byName(files, 'demo/main').steps[0]!;
    expect(identify.attachments.map((a) => [a.name, a.type])).toEqual([['001-consumer-ITI-55-request.xml', 'text/xml'], ['002-consumer-ITI-55-response.xml', 'text/xml']]);
    for (const r of results(files)) {
      for (const a of r.steps.flatMap((s) => s.attachments)) expect(files.map((f) => f.name)).toContain(a.source);
    }
    const file = (source: string): AllureFile => files.find((f) => f.name === source)!;
    expect(text(file(identify.attachments[0]!.source))).toBe('<m seq="1"/>');
    expect(identify.attachments[1]!.source).toMatch(/-attachment\.xml$/);
    const json = byName(files, 'demo/bad-list').steps[1]!.attachments[0]!;
    expect([json.name, json.type, text(file(json.source))]).toEqual(['201-consumer-ITI-38-response.json', 'application/json', '{"seq":201}']);
    const dicom = byName(files, 'demo/main').steps[1]!.attachments.find((a) => a.name.endsWith('.dcm'))!;
    expect(dicom.type).toBe('application/json');
    expect(JSON.parse(text(file(dicom.source)))).toEqual(expect.objectContaining({ file: dicom.name, bytes: 1234 }));
    expect(identify.parameters).toContainEqual({ name: 'messages', value: '2 of 2 attached, 1 cut at 16384 bytes' });
  });

  it(`attaches at most ${ALLURE_MESSAGES_PER_STEP} messages per step, keeping the one a finding names`, () => {
    const list = byName(files, 'demo/main').steps[1]!;
    const messages = list.attachments.filter((a) => a.name !== 'findings.json');
    expect(messages).toHaveLength(ALLURE_MESSAGES_PER_STEP);
    expect(messages.map((a) => a.name)).toContain(`${100 + NAMED_MESSAGE}-consumer-RAD-69-request.xml`);
    expect(messages.map((a) => a.name)).not.toContain(`${100 + ALLURE_MESSAGES_PER_STEP - 1}-consumer-RAD-69-request.xml`);
    expect(list.parameters).toContainEqual({ name: 'messages', value: `${ALLURE_MESSAGES_PER_STEP} of ${BUSY_STEP_MESSAGES} attached` });
    expect(list.attachments.at(-1)!.name).toBe('findings.json');
  });

  it('times tests and steps from the recorded start times; a skipped step sits at the end of the one before', () => {
    const r = byName(files, 'demo/missed');
    expect([r.start, r.stop]).toEqual([Date.parse('2026-01-02T03:04:05.200Z'), Date.parse('2026-01-02T03:04:05.230Z')]);
    expect([r.steps[1]!.start, r.steps[1]!.stop]).toEqual([r.steps[0]!.stop, r.steps[0]!.stop]);
  });

  it('writes categories, environment and executor', () => {
    const named = (n: string): string => text(files.find((f) => f.name === n)!);
    expect(JSON.parse(named('categories.json'))).toEqual([{ name: 'SUT failures', matchedStatuses: ['failed'] }, { name: 'Harness errors', matchedStatuses: ['broken'] }]);
    expect(named('environment.properties')).toContain('profile=xca-i\nseed=7\n');
    expect(named('environment.properties')).toContain('startedAt=2026-01-02T03\\:04\\:05.000Z');
    expect(JSON.parse(named('executor.json'))).toEqual(expect.objectContaining({ name: 'ixh' }));
  });

  it('is pure: the same report gives the same files, another run other uuids', () => {
    expect(renderAllure(demoReport())).toEqual(files);
    const other = results(renderAllure(demoReport('2026-01-03T00:00:00.000Z')));
    expect(other.map((r) => r.uuid)).not.toContain(results(files)[0]!.uuid);
    expect(other[0]!.historyId).toBe(results(files)[0]!.historyId); // the same test across runs, for Allure's history
  });

  it('writes no result for a report without runs', () => {
    expect(renderAllure({ ...demoReport(), runs: [] }).map((f) => f.name)).toEqual(['categories.json', 'environment.properties', 'executor.json']);
  });
});
