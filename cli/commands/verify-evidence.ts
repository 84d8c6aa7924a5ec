/**
 * `ixh verify-evidence DIR [--pub KEY] [--json]`: checks a directory sealed by
 * `ixh run --evidence DIR` (manifest.json + manifest.json.sig, simulators/evidence/manifest.ts)
 * and prints one line per problem: `<kind> <file>: <detail>`, kind being altered, missing, added,
 * reordered, signature or manifest.
 *
 * Exit codes: 0 intact, 1 tampered (any problem), 2 usage error or nothing to verify (no such
 * directory, no manifest.json in it, a --pub file that is not an Ed25519 public key).
 *
 * Without --pub the signature is checked against the key the manifest itself names. That proves
 * the bundle is as it was sealed only against accidents: whoever can edit the files can also
 * re-sign them with a key of their own. The command says so, and a verifier who must resist that
 * pins the key they received separately with --pub.
 */
import { createPublicKey } from 'node:crypto';
import { lstat, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { MANIFEST_FILE } from '../../simulators/evidence/manifest-format.ts';
import { verifyEvidence, type EvidenceVerification } from '../../simulators/evidence/verify-manifest.ts';
import { CliError, parseOptions, type Command } from '../command.ts';

export const VERIFY_EVIDENCE_USAGE = 'usage: ixh verify-evidence DIR [--pub KEY] [--json]';

export const verifyEvidenceCommand: Command = async (argv) => {
  const { values, positionals } = parseOptions(argv, { pub: { type: 'string' }, json: { type: 'boolean' } });
  if (positionals.length !== 1) throw new CliError(VERIFY_EVIDENCE_USAGE);
  const dir = resolve(positionals[0]!);
  await requireSealedDirectory(dir);
  const publicKeyPem = values.pub === undefined ? undefined : await readPinnedKey(resolve(values.pub));

  const result = await verifyEvidence(dir, publicKeyPem === undefined ? {} : { publicKeyPem });
  if (values.json) process.stdout.write(`${JSON.stringify({ dir, ...result }, null, 2)}\n`);
  else process.stdout.write(render(dir, result));
  if (!result.pinned) {
    process.stderr.write('ixh verify-evidence: no --pub given: the signature was checked against the key named inside the bundle, which proves integrity against accidents only; anyone able to edit the files can re-sign them. Pin the key you received separately with --pub KEY.\n');
  }
  return result.ok ? 0 : 1;
};

async function requireSealedDirectory(dir: string): Promise<void> {
  try {
    if (!(await lstat(dir)).isDirectory()) throw new CliError(`${dir} is not a directory\n${VERIFY_EVIDENCE_USAGE}`);
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`cannot read ${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    await lstat(join(dir, MANIFEST_FILE));
  } catch {
    throw new CliError(`${dir} has no ${MANIFEST_FILE}: it was not sealed (ixh run --evidence DIR seals it)`);
  }
}

async function readPinnedKey(path: string): Promise<string> {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read the key ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`it is a ${key.asymmetricKeyType ?? 'non-Ed25519'} key`);
  } catch (err) {
    throw new CliError(`--pub ${path} is not an Ed25519 public key in PEM: ${(err as Error).message}`);
  }
  return pem;
}

function render(dir: string, result: EvidenceVerification): string {
  const key = result.keyFingerprint ? `key ${result.keyFingerprint} (${result.pinned ? 'pinned' : 'named in the manifest, not pinned'})` : 'no key';
  if (result.ok) return `${dir}: intact — ${result.entries} files, head ${result.head}, signed by ${key}\n`;
  const width = Math.max(...result.problems.map((p) => p.kind.length));
  const lines = result.problems.map((p) => `${p.kind.padEnd(width)}  ${p.path}: ${p.detail}`);
  return `${lines.join('\n')}\n${dir}: TAMPERED — ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} in ${result.entries} recorded files; checked against ${key}\n`;
}
