/** For tests: a store on a fresh temporary directory, and sample messages and findings. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSessionStore, type NewMessage, type SessionStore, type SessionStoreOptions, type StoredFinding } from './session-store.ts';

export interface TempStore {
  readonly dir: string;
  readonly file: string;
  store: SessionStore;
  reopen(options?: Omit<SessionStoreOptions, 'file'>): SessionStore;
  remove(): void;
}

export function tempStore(options: Omit<SessionStoreOptions, 'file'> = {}): TempStore {
  const dir = mkdtempSync(join(tmpdir(), 'ixh-sessions-'));
  const file = join(dir, 'sessions.db');
  const temp: TempStore = {
    dir,
    file,
    store: openSessionStore({ file, ...options }),
    reopen(again = options) {
      temp.store.close();
      temp.store = openSessionStore({ file, ...again });
      return temp.store;
    },
    remove() {
      temp.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return temp;
}

export const ACME = { vendor: 'ACME Imaging', role: 'pacs', addresses: { aeTitle: 'ACME_PACS', host: '127.0.0.1', port: 11112 } };
export const GLOBEX = { vendor: 'Globex Gateways', role: 'ncp', addresses: { url: 'http://127.0.0.1:8443/xca' } };

export function cStore(overrides: Partial<NewMessage> = {}): NewMessage {
  return { time: '2026-03-01T10:00:00.000Z', actor: 'pacs', peer: 'ACME_PACS@127.0.0.1:50412', transaction: 'C-STORE', direction: 'request', format: 'dcm', association: 'a1', ...overrides };
}

export function finding(overrides: Partial<StoredFinding> = {}): Omit<StoredFinding, 'sessionId' | 'messageSeq'> {
  return { ruleId: 'dicom.sop-instance-uid.syntax', severity: 'error', requirements: ['IM-03'], specRef: 'DICOM PS3.5 9.1', subject: 'C-STORE 1', path: 'SOPInstanceUID', message: 'UID is not dotted-numeric', actual: '1.02', ...overrides };
}

/** Bytes that differ per `n` and are not all one value, so a mix-up between bodies shows. */
export function bytesOf(size: number, n: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + n * 17) & 0xff;
  return bytes;
}
