/**
 * A connectathon service for tests: a two-country world (CZ, NL; no generated patients) on free
 * ports, the real session store in a temporary folder, the dashboard on a free port.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWorld } from '../world/load-world.ts';
import { startConnectathonService, type ConnectathonService, type ConnectathonServiceOptions } from './connectathon-service.ts';
import { openSessionStore, type SessionStore } from './store/session-store.ts';

export const SMALL_WORLD = `
name: connectathon-test
seed: 7
patients: 0
countries:
  - code: CZ
    http: { port: 0 }
    pacs: { port: 0 }
  - code: NL
    http: { port: 0 }
    pacs: { port: 0 }
`;

export interface TestService {
  readonly service: ConnectathonService;
  readonly store: SessionStore;
  readonly dir: string;
  stop(): Promise<void>;
}

export async function startTestService(extra: Partial<ConnectathonServiceOptions> = {}): Promise<TestService> {
  const dir = await mkdtemp(join(tmpdir(), 'ixh-connectathon-'));
  const store = openSessionStore({ file: join(dir, 'sessions.db') });
  const service = await startConnectathonService({
    world: parseWorld(SMALL_WORLD, 'connectathon-test.yaml'),
    store,
    dashboard: { port: 0 },
    stateDir: join(dir, 'state'),
    timeoutMs: 5_000,
    ...extra,
  });
  return {
    service,
    store,
    dir,
    async stop() {
      await service.stop();
      store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** POSTs a SOAP 1.2 envelope the way curl would. */
export async function postSoap(url: string, xml: string): Promise<{ status: number; text: string }> {
  const action = /<wsa:Action[^>]*>([^<]+)<\/wsa:Action>/.exec(xml)?.[1];
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': `application/soap+xml; charset=UTF-8${action ? `; action="${action}"` : ''}` }, body: xml });
  return { status: response.status, text: await response.text() };
}
