/** Every requirement id a scenario, suite or step names is one the catalogue knows: a typo must not count as coverage. */
import { expect, it } from 'vitest';
import { unknownRequirementIds } from '../validators/requirements.ts';
import { SCENARIOS } from './index.ts';
import { SUITES } from './suites/index.ts';

it('names only catalogue ids in scenarios, suites, steps and variants', () => {
  const definitions = [...SCENARIOS, ...Object.values(SUITES).map((s) => s.definition)];
  const named = definitions.flatMap((d) => [
    ...d.requirements.map((id) => ({ where: d.id, id })),
    ...d.steps.flatMap((s) => s.requirements.map((id) => ({ where: `${d.id}/${s.id}`, id }))),
    ...(d.variants ?? []).flatMap((v) => (v.requirements ?? []).map((id) => ({ where: `${d.id}:${v.id}`, id }))),
  ]);
  const unknown = new Set(unknownRequirementIds(named.map((n) => n.id)));
  expect(named.filter((n) => unknown.has(n.id))).toEqual([]);
});
