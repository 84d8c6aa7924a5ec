import { describe, expect, it } from 'vitest';
import { closest, displayPath, orderProblems, renderProblems, WorldFileError } from './world-file-error.ts';

describe('displayPath', () => {
  it('writes a JSON pointer as a property path', () => {
    expect(displayPath('/countries/1/pacs/port')).toBe('countries[1].pacs.port');
    expect(displayPath('/seed')).toBe('seed');
    expect(displayPath('')).toBe('');
  });
});

describe('closest', () => {
  it('suggests a near key, case-insensitively', () => {
    expect(closest('aetitle', ['host', 'port', 'aeTitle', 'fault'])).toBe('aeTitle');
    expect(closest('prot', ['host', 'port'])).toBe('port');
    expect(closest('ncpRespondng', ['ncpResponding', 'ncpInitiating'])).toBe('ncpResponding');
  });

  it('suggests nothing when nothing is close', () => {
    expect(closest('frobnicate', ['host', 'port'])).toBeUndefined();
    expect(closest('x', [])).toBeUndefined();
  });
});

describe('orderProblems', () => {
  it('sorts by position and drops exact repeats', () => {
    const a = { path: '/a', line: 3, col: 1, message: 'm' };
    const b = { path: '/b', line: 1, col: 5, message: 'm' };
    expect(orderProblems([a, b, a])).toEqual([b, a]);
  });
});

describe('WorldFileError', () => {
  it('carries its problems and a message with one line per problem', () => {
    const error = new WorldFileError('w.yaml', [
      { path: '', line: 1, col: 1, message: 'bad' },
      { path: '/countries/0/code', line: 2, col: 9, message: 'must be one of CZ' },
    ]);
    expect(error.name).toBe('WorldFileError');
    expect(error.problems).toHaveLength(2);
    expect(error.message).toBe(['w.yaml: 2 problems in the world file', 'w.yaml:1:1 bad', 'w.yaml:2:9 countries[0].code: must be one of CZ'].join('\n'));
  });

  it('renders without excerpts when the text is not at hand', () => {
    expect(renderProblems('w', [{ path: '/x', line: 1, col: 2, message: 'm' }])).toBe('w: 1 problem in the world file\nw:1:2 x: m');
  });
});
