import { describe, expect, it } from 'vitest';
import { checkSchema } from './schema-problems.ts';
import { parseYamlSource } from './yaml-source.ts';

function problems(text: string) {
  const yaml = parseYamlSource(text);
  const result = checkSchema(yaml.data, yaml);
  return result.ok ? [] : result.problems;
}

describe('checkSchema', () => {
  it('passes a valid file through, typed', () => {
    const yaml = parseYamlSource('countries: [{ code: CZ }]');
    expect(checkSchema(yaml.data, yaml)).toEqual({ ok: true, file: { countries: [{ code: 'CZ' }] } });
  });

  it('says what a key with alternatives accepts when the value fits none', () => {
    expect(problems('countries: [{ code: CZ, registry: true }]')).toEqual([
      expect.objectContaining({ path: '/countries/0/registry', message: expect.stringMatching(/^must be false \(no such actor\), \{\} \(simulated\) or \{ sut: \{ url \} \}.*got true$/) }),
    ]);
    expect(problems('countries: [{ code: CZ, consent: some }]')).toEqual([
      expect.objectContaining({ path: '/countries/0/consent', message: expect.stringContaining('all, none, or a list') }),
    ]);
  });

  it('reports inside the alternative the value was going for', () => {
    expect(problems('countries: [{ code: CZ, pacs: { port: -1 } }]')).toEqual([
      expect.objectContaining({ path: '/countries/0/pacs/port', message: 'must be integer ≥ 0, got -1' }),
    ]);
    expect(problems('countries: [{ code: CZ, consent: [a, 3] }]')).toEqual([
      expect.objectContaining({ path: '/countries/0/consent/1', message: 'must be string, got 3' }),
    ]);
  });

  it('keeps each country\'s errors apart (schema paths repeat per country)', () => {
    const found = problems('countries: [{ code: CZ, consent: x }, { code: FR, consent: [a, a] }, { code: NL, registry: 1 }]');
    expect(found.map((p) => p.path).sort()).toEqual(['/countries/0/consent', '/countries/1/consent/1', '/countries/2/registry']);
  });

  it('explains a SUT that also has simulated settings', () => {
    expect(problems('countries: [{ code: CZ, pacs: { sut: { port: 1, aeTitle: A }, aeTitle: B, port: 3 } }]')).toEqual([
      expect.objectContaining({ path: '/countries/0/pacs', message: expect.stringContaining('remove aeTitle, port') }),
    ]);
  });

  it('names a bad pattern by its description', () => {
    expect(problems('countries: [{ code: CZ, pacs: { aeTitle: "THIS_AE_TITLE_IS_TOO_LONG" } }]')).toEqual([
      expect.objectContaining({ path: '/countries/0/pacs/aeTitle', message: expect.stringContaining('1-16 printable ASCII characters') }),
    ]);
  });

  it('points a missing key at its parent', () => {
    expect(problems('name: x\nseed: 3\n')).toEqual([{ path: '/countries', line: 1, col: 1, message: 'missing required key "countries"' }]);
  });
});
