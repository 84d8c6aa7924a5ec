import { describe, expect, it } from 'vitest';
import { parseWorld } from './load-world.ts';
import { WorldFileError } from './world-file-error.ts';

describe('world file: sla budgets and link jitter/loss', () => {
  it('reads sla budgets and link jitter and loss', () => {
    const world = parseWorld('sla: { ms-attack.images: 20000, identify: 2000 }\ncountries:\n  - { code: CZ, link: { latencyMs: 20, jitterMs: 5, lossPercent: 1.5 } }\n  - { code: NL }\n', 'w.yaml');
    expect(world.sla).toEqual({ 'ms-attack.images': 20000, identify: 2000 });
    expect(world.countries[0]!.link).toEqual({ latencyMs: 20, lossless: true, jitterMs: 5, lossPercent: 1.5 });
    expect('jitterMs' in world.countries[1]!.link).toBe(false);
  });

  it('refuses a budget that is not a positive integer, a malformed key and an absurd loss', () => {
    expect(() => parseWorld('sla: { identify: -1 }\ncountries: [{ code: CZ }]\n', 'w.yaml')).toThrow(WorldFileError);
    expect(() => parseWorld('sla: { "a b": 10 }\ncountries: [{ code: CZ }]\n', 'w.yaml')).toThrow(WorldFileError);
    expect(() => parseWorld('countries: [{ code: CZ, link: { lossPercent: 80 } }]\n', 'w.yaml')).toThrow(WorldFileError);
  });
});
