/**
 * Measures the calibration against dciodvfy and writes the "DICOM calibration" section of
 * docs/validators.md (between its markers; the rest of the file is left alone). The test only
 * prints the rate: the docs change when someone runs
 *
 *   node --import ./bin/register-ts.mjs test/calibration/report.ts
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { validateDicom } from '../../validators/dicom/index.ts';
import { ALLOW_LIST } from './allow-list.ts';
import { buildCorpus } from './build-corpus.ts';
import { calibrate } from './calibrate.ts';
import { agreement, formatRate } from './compare.ts';
import { renderSection, spliceSection } from './report-section.ts';

const DOC = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'validators.md');

async function main(): Promise<void> {
  const corpus = await buildCorpus({ log: (line) => console.error(line) });
  const rows = await calibrate(corpus, validateDicom, ALLOW_LIST);
  const rate = agreement(rows.map((r) => r.comparison));
  const doc = existsSync(DOC) ? await readFile(DOC, 'utf8') : '# Validators\n\n## Rules\n\n_The rule list is generated separately._\n';
  await writeFile(DOC, spliceSection(doc, renderSection(rows, rate, corpus.key)));
  console.log(`calibration against dciodvfy: ${formatRate(rate)}; written to ${DOC}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
