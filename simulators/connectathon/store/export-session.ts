/**
 * Writes one session's messages as an evidence directory in the recorder's layout (the same
 * `evidenceFileName`s and the same `index.json`, see simulators/evidence/recorder.ts), so that
 * `writeEvidenceManifest` seals it and `ixh verify-evidence` checks it like any `ixh run`
 * evidence. Beside them: `session.json` (who the session is, never its token) and
 * `findings.json` (every finding, by message seq).
 *
 * Files are not fsynced: the directory is a download being built, not a record; the record is
 * the store.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EvidenceEntry } from '../../evidence/evidence.ts';
import { evidenceFileName } from '../../evidence/recorder.ts';
import { SessionStoreError, type SessionStore } from './session-store.ts';

/** Messages read per query, so a long session is never held in memory at once. */
const PAGE = 500;

export interface SessionEvidence {
  readonly dir: string;
  readonly messages: number;
  readonly findings: number;
}

export async function sessionEvidenceDir(store: SessionStore, sessionId: string, dir: string): Promise<SessionEvidence> {
  const session = store.session(sessionId);
  if (!session) throw new SessionStoreError(`no session ${String(sessionId).slice(0, 40)}`);
  await mkdir(dir, { recursive: true });
  // Anything already there would be sealed into the vendor's bundle as if recorded.
  if ((await readdir(dir)).length > 0) throw new SessionStoreError(`${dir} is not empty; the session's evidence needs an empty directory`);

  const entries: EvidenceEntry[] = [];
  for (let after = 0; ;) {
    const page = store.messages(sessionId, after, PAGE);
    if (page.length === 0) break;
    for (const m of page) {
      const body = store.body(sessionId, m.seq);
      if (!body) throw new SessionStoreError(`session ${sessionId} lost the body of message ${m.seq}`);
      const file = evidenceFileName(m.seq, m);
      await writeFile(join(dir, file), body);
      entries.push({
        seq: m.seq,
        time: m.time,
        actor: m.actor,
        peer: m.peer,
        transaction: m.transaction,
        direction: m.direction,
        ...(m.status !== undefined ? { status: m.status } : {}),
        bytes: m.bytes,
        ...(m.durationMs !== undefined ? { durationMs: m.durationMs } : {}),
        ...(m.association !== undefined ? { association: m.association } : {}),
        file,
      });
    }
    after = page[page.length - 1]!.seq;
  }
  const findings = store.findings(sessionId);
  await writeFile(join(dir, 'index.json'), JSON.stringify({ messages: entries }, null, 2));
  const { token: _secret, ...who } = session;
  await writeFile(join(dir, 'session.json'), `${JSON.stringify(who, null, 2)}\n`);
  await writeFile(join(dir, 'findings.json'), `${JSON.stringify({ findings: findings.map(({ sessionId: _, ...f }) => f) }, null, 2)}\n`);
  return { dir, messages: entries.length, findings: findings.length };
}
