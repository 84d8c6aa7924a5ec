import { describe, expect, it } from 'vitest';
import { parseYamlSource, pointerSegments } from './yaml-source.ts';

const TEXT = ['name: w', 'countries:', '  - code: CZ', '    pacs:', '      port: 1', '    http:', '  - { code: "a/b" }', ''].join('\n');

describe('parseYamlSource', () => {
  const source = parseYamlSource(TEXT);

  it('gives plain data and no problems for good YAML', () => {
    expect(source.problems).toEqual([]);
    expect(source.data).toEqual({ name: 'w', countries: [{ code: 'CZ', pacs: { port: 1 }, http: null }, { code: 'a/b' }] });
  });

  it('finds the value, or the key, at a JSON pointer', () => {
    expect(source.positionOf('/countries/0/pacs/port')).toEqual({ line: 5, col: 13 });
    expect(source.positionOf('/countries/0/pacs/port', 'key')).toEqual({ line: 5, col: 7 });
    expect(source.positionOf('/countries/1/code')).toEqual({ line: 7, col: 13 });
    expect(source.positionOf('')).toEqual({ line: 1, col: 1 });
  });

  it('falls back to the nearest ancestor for a path the file does not have', () => {
    expect(source.positionOf('/countries/0/pacs/aeTitle')).toEqual({ line: 5, col: 7 });
    expect(source.positionOf('/countries/0/registry/sut')).toEqual({ line: 3, col: 5 });
    expect(source.positionOf('/countries/9/code')).toEqual({ line: 3, col: 3 });
    // `http:` without a value has no value node: point at the key.
    expect(source.positionOf('/countries/0/http/port')).toEqual({ line: 6, col: 5 });
  });

  it('knows which paths are in the file', () => {
    expect(source.has('/countries/0/pacs/port')).toBe(true);
    expect(source.has('/countries/0/pacs/aeTitle')).toBe(false);
  });

  it('reports syntax errors with their position and a one-line message', () => {
    const bad = parseYamlSource('a: [1, 2\nb: 3\n');
    expect(bad.data).toBeUndefined();
    expect(bad.problems.length).toBeGreaterThan(0);
    expect(bad.problems[0]?.message).not.toContain('\n');
    expect(bad.problems[0]?.line).toBeGreaterThanOrEqual(1);
  });

  it('refuses a second document in the file', () => {
    expect(parseYamlSource('a: 1\n---\nb: 2\n').problems).toEqual([expect.objectContaining({ line: 2 })]);
  });

  it('quotes source lines', () => {
    expect(source.lineText(3)).toBe('  - code: CZ');
    expect(source.lineText(99)).toBe('');
  });
});

describe('pointerSegments', () => {
  it('splits, unescapes and turns indexes into numbers', () => {
    expect(pointerSegments('/countries/10/a~1b/c~0d')).toEqual(['countries', 10, 'a/b', 'c~d']);
    expect(pointerSegments('')).toEqual([]);
  });
});
