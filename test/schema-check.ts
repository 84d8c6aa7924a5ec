/**
 * Checks recorded SOAP messages against the official schemas in ../shared/schemas with xmllint:
 * the oracle every SOAP actor's schema-proof test uses. The schemas are read beside the
 * repository, never copied into it.
 *
 * MTOM root parts carry `xop:Include` where the schema expects base64Binary; XOP defines the
 * message's infoset as the one with the part's bytes in place of the Include, so each Include is
 * replaced by base64 text before validation (the binary parts are checked byte for byte elsewhere).
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTool } from '../peers/run-tool.ts';
import type { EvidenceSink } from '../simulators/evidence/evidence.ts';
import { hasBinary } from './interop/require-peer.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SHARED_SCHEMAS = resolve(ROOT, '../shared/schemas');
export const EXCHANGE_SCHEMA = join(SHARED_SCHEMAS, 'exchange.xsd');

/** True when xmllint and the shared schemas are both there (for `peerDescribe`). */
export async function schemasAvailable(): Promise<boolean> {
  return existsSync(EXCHANGE_SCHEMA) && (await hasBinary('xmllint'));
}

export interface SchemaCheck {
  /** Files checked (one per SOAP envelope). */
  readonly files: readonly string[];
  /** `transaction direction` of every envelope checked. */
  readonly transactions: ReadonlySet<string>;
  /** xmllint's complaints; empty when every file validates. */
  readonly problems: readonly string[];
  readonly exitCode: number | null;
}

/** Validates every recorded SOAP envelope of `evidence` (harness errors and non-envelope parts skipped). */
export async function checkEvidenceEnvelopes(evidence: EvidenceSink, workDir: string, schema = EXCHANGE_SCHEMA): Promise<SchemaCheck> {
  const files: string[] = [];
  const transactions = new Set<string>();
  for (const entry of evidence.entries()) {
    if (!entry.file.endsWith('.xml') || entry.transaction === 'harness-error') continue;
    const text = Buffer.from(await evidence.read(entry)).toString('utf8');
    if (!/<([\w.-]+:)?Envelope[\s>]/.test(text)) continue; // MTOM parts that are XML documents themselves (a CDA report)
    const file = join(workDir, `check-${entry.file}`);
    await writeFile(file, xopInfoset(text));
    files.push(file);
    transactions.add(`${entry.transaction} ${entry.direction}`);
  }
  if (files.length === 0) return { files, transactions, problems: ['no SOAP envelope in the evidence'], exitCode: null };
  return { files, transactions, ...(await xmllint(schema, files)) };
}

/** Validates files against one schema; returns xmllint's complaints. */
export async function xmllint(schema: string, files: readonly string[]): Promise<{ problems: string[]; exitCode: number | null }> {
  const result = await runTool('xmllint', ['--noout', '--schema', schema, ...files], { timeoutMs: 120_000 });
  const problems = result.stderr.split('\n').filter((l) => l && !l.includes('Schemas parser warning') && !l.endsWith(' validates'));
  return { problems, exitCode: result.code };
}

/** Replaces every xop:Include (any prefix bound to the XOP namespace) by base64 text. */
export function xopInfoset(xml: string): string {
  return xml.replace(/<([A-Za-z_][\w.-]*):Include\b[^>]*\/>/g, (whole, prefix: string) => (xml.includes(`xmlns:${prefix}="http://www.w3.org/2004/08/xop/include"`) ? 'AAECAw==' : whole));
}
