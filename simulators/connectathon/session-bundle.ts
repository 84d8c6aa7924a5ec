/**
 * A session's evidence download: the store's own export (store/export-session.ts: the recorder's
 * layout, index.json, findings.json, session.json without the token) in a temporary folder,
 * sealed with manifest.json and its Ed25519 signature, so `ixh verify-evidence DIR` checks it
 * like any `ixh run --evidence` directory.
 */
import type { KeyObject } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeEvidenceManifest } from '../evidence/manifest.ts';
import { MANIFEST_FILE, PUBLIC_KEY_FILE, SIGNATURE_FILE } from '../evidence/manifest-format.ts';
import { sessionEvidenceDir } from './store/export-session.ts';
import type { SessionRecord, SessionStore } from './store/session-store.ts';

export interface WrittenBundle {
  /** The temporary parent folder (remove it when done) and the sealed directory inside it. */
  readonly root: string;
  readonly dir: string;
  /** Name of the sealed directory, also the top folder of the tar. */
  readonly name: string;
  /** Files in recording order (what the tar lists). */
  readonly files: readonly string[];
  readonly messages: number;
}

export function publicSession(session: SessionRecord): Omit<SessionRecord, 'token'> {
  const { token: _token, ...rest } = session;
  return rest;
}

export async function writeSessionBundle(store: SessionStore, session: SessionRecord, options: { key: KeyObject; tool?: string }): Promise<WrittenBundle> {
  const root = await mkdtemp(join(tmpdir(), 'ixh-session-'));
  const name = `ixh-session-${session.id}`;
  const dir = join(root, name);
  try {
    const exported = await sessionEvidenceDir(store, session.id, dir);
    const written = await writeEvidenceManifest(dir, { key: options.key, tool: options.tool ?? 'ixh connectathon' });
    const files = [...written.manifest.entries.map((e) => e.path), MANIFEST_FILE, SIGNATURE_FILE, PUBLIC_KEY_FILE];
    return { root, dir, name, files, messages: exported.messages };
  } catch (err) {
    await rm(root, { recursive: true, force: true });
    throw err;
  }
}
