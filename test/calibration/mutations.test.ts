import { describe, expect, it } from 'vitest';
import { corpusKey } from './build-corpus.ts';
import { IODS, MUTATIONS, mutationFile, type IodKey } from './mutations.ts';

describe('the mutation table', () => {
  it('gives every case its own kebab-case file name', () => {
    const files = MUTATIONS.map(mutationFile);
    expect(new Set(files).size).toBe(files.length);
    for (const m of MUTATIONS) expect(m.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('names the broken attributes as upper-case tags', () => {
    for (const m of MUTATIONS) {
      expect(m.breaks.length, m.name).toBeGreaterThan(0);
      for (const tag of m.breaks) expect(tag, m.name).toMatch(/^\([0-9A-F]{4},[0-9A-F]{4}\)$/);
    }
  });

  it('covers every kind of defect the calibration is about', () => {
    expect(new Set(MUTATIONS.map((m) => m.kind))).toEqual(new Set(['missing-type1', 'empty-type1', 'missing-type2', 'bad-vr-value', 'wrong-vm', 'missing-module', 'bad-uid', 'missing-sop-common', 'sequence-item-missing-type1']));
  });
});

describe('corpusKey', () => {
  const inputs = new Map<IodKey, Uint8Array>(IODS.map((iod, i) => [iod, new Uint8Array([i])]));

  it('is stable for the same mutations and inputs', () => {
    expect(corpusKey(MUTATIONS, inputs)).toBe(corpusKey([...MUTATIONS], new Map(inputs)));
  });

  it('changes with the mutation list and with any clean input', () => {
    const key = corpusKey(MUTATIONS, inputs);
    expect(corpusKey(MUTATIONS.slice(1), inputs)).not.toBe(key);
    expect(corpusKey(MUTATIONS, new Map(inputs).set('ct', new Uint8Array([99])))).not.toBe(key);
  });
});
