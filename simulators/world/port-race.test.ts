/**
 * Port 0 in a world is resolved to a free port before the actors start; another process can take
 * it in between. The world then starts again with new ports — but never for ports the file named.
 */
import { createServer, type Server } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createEvidenceRecorder } from '../evidence/recorder.ts';

let taken: Server;
let takenPort = 0;
let handedOut = 0;

vi.mock('../../peers/free-port.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../peers/free-port.ts')>();
  // The first port handed out is one another "process" already holds: the race, made certain.
  return { freePort: async () => (handedOut++ === 0 ? takenPort : real.freePort()) };
});

const { parseWorld } = await import('./load-world.ts');
const { startWorld } = await import('./start-world.ts');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-port-race-'));
  taken = createServer();
  await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
  takenPort = (taken.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((done) => taken.close(done));
  await rm(dir, { recursive: true, force: true });
});

const file = (port: number | string): string =>
  `patients: 0\ncountries:\n  - code: CZ\n    http: { port: ${port} }\n    pacs: { port: 0 }\n    imagingSource: false\n  - code: NL\n    http: { port: 0 }\n    pacs: { port: 0 }\n    imagingSource: false\n`;

it('starts again with new ports when a chosen free port was taken meanwhile', async () => {
  const lines: string[] = [];
  const world = await startWorld(parseWorld(file(0), 'race.yaml'), { evidence: createEvidenceRecorder(), stateDir: join(dir, 'a'), pkiDir: join(dir, 'pki'), log: (l) => lines.push(l) });
  try {
    expect(lines.some((l) => l.includes('starting again'))).toBe(true);
    expect(world.config.countries.map((c) => c.http.port)).not.toContain(takenPort);
  } finally {
    await world.stop();
  }
}, 120_000);

it('reports the clash when the taken port is one the world file named (new ports cannot help)', async () => {
  await expect(startWorld(parseWorld(file(takenPort), 'named.yaml'), { evidence: createEvidenceRecorder(), stateDir: join(dir, 'b'), pkiDir: join(dir, 'pki') })).rejects.toThrow(/EADDRINUSE/);
}, 120_000);
