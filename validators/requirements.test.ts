import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { REQUIREMENTS, requirement, unknownRequirementIds } from './requirements.ts';

const CATALOGUE = resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/spec/requirements.md');

it('has one entry per id and flags unknown ids', () => {
  expect(new Set(REQUIREMENTS.map((r) => r.id)).size).toBe(REQUIREMENTS.length);
  expect(requirement('MET-07')?.group).toBe('metadata');
  expect(unknownRequirementIds(['MET-07', 'MET-99', 'GEN-1'])).toEqual(['MET-99', 'GEN-1']);
});

it.runIf(existsSync(CATALOGUE))('lists exactly the ids of the shared catalogue', async () => {
  const text = await readFile(CATALOGUE, 'utf8');
  const ids = [...text.matchAll(/^\| *([A-Z]+(?:-[A-Z0-9]+)+) *\|/gm)].map((m) => m[1]);
  expect(REQUIREMENTS.map((r) => r.id)).toEqual(ids);
});
