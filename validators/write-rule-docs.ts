/**
 * Writes the `## Rules` section of docs/validators.md from the family list (creating the file when
 * it is missing). Run: node --import ./bin/register-ts.mjs validators/write-rule-docs.ts
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { allFamilies } from './families.ts';
import { renderRulesSection, spliceRulesSection } from './render-rules.ts';

export const VALIDATORS_DOC = join(import.meta.dirname, '..', 'docs', 'validators.md');

export async function writeRuleDocs(path: string = VALIDATORS_DOC): Promise<void> {
  const current = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  await writeFile(path, spliceRulesSection(current, renderRulesSection(allFamilies)));
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  await writeRuleDocs();
  process.stdout.write(`wrote the Rules section of ${VALIDATORS_DOC}\n`);
}
