/**
 * `ixh serve --world FILE --dashboard PORT [--store FILE]` (also `ixh serve world --dashboard
 * PORT`): connectathon mode. Every simulator of the world runs until stopped; vendors open test
 * sessions on the dashboard and see what their systems exchanged, validated live. Sessions,
 * messages and findings live in the store file (SQLite, WAL) and resume after a restart; the
 * key sealing evidence downloads is kept beside it (`<store>.evidence-key.pem`) so a bundle
 * downloaded before a restart verifies with the same public key as one downloaded after.
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { startConnectathonService } from '../../simulators/connectathon/connectathon-service.ts';
import { openSessionStore, SessionStoreError } from '../../simulators/connectathon/store/session-store.ts';
import { createDiscardingSink } from '../../simulators/evidence/discarding-sink.ts';
import { createEvidenceRecorder } from '../../simulators/evidence/recorder.ts';
import { defaultWorld } from '../../simulators/world/default-world.ts';
import { loadWorldFile } from '../../simulators/world/load-world.ts';
import { WorldFileError } from '../../simulators/world/world-file-error.ts';
import { CliError, integerOption, parseOptions, type Command } from '../command.ts';
import { untilStopSignal } from './stop-signal.ts';
import { renderEndpoints } from './serve-world.ts';

export const SERVE_CONNECTATHON_USAGE = 'usage: ixh serve [world] --dashboard PORT [--world FILE] [--store FILE] [--host H] [--public-host H] [--evidence DIR] [--state DIR]';

async function signingKey(path: string): Promise<KeyObject> {
  if (existsSync(path)) return createPrivateKey(await readFile(path));
  const { privateKey } = generateKeyPairSync('ed25519');
  await writeFile(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  return privateKey;
}

export const serveConnectathonCommand: Command = async (argv) => {
  const args = argv[0] === 'world' ? argv.slice(1) : argv;
  const { values, positionals } = parseOptions(args, {
    world: { type: 'string' },
    dashboard: { type: 'string' },
    store: { type: 'string', default: 'ixh-connectathon.db' },
    host: { type: 'string', default: '127.0.0.1' },
    'public-host': { type: 'string' },
    evidence: { type: 'string' },
    state: { type: 'string' },
  });
  if (positionals.length > 0 || values.dashboard === undefined) throw new CliError(SERVE_CONNECTATHON_USAGE);
  const port = integerOption(values.dashboard, 'dashboard', 0);
  if (port > 65535) throw new CliError(`--dashboard must be a port number, got ${values.dashboard}`);
  let world;
  try {
    world = values.world ? await loadWorldFile(resolve(values.world)) : defaultWorld();
  } catch (err) {
    if (err instanceof WorldFileError) throw new CliError(err.message);
    throw err;
  }
  const storeFile = resolve(values.store);
  let store;
  try {
    store = openSessionStore({ file: storeFile });
  } catch (err) {
    if (err instanceof SessionStoreError) throw new CliError(err.message);
    throw err;
  }
  const evidenceDir = values.evidence ? resolve(values.evidence) : world.evidenceDir;
  const evidence = evidenceDir ? createEvidenceRecorder({ dir: evidenceDir }) : createDiscardingSink();
  const say = (line: string): void => void process.stdout.write(`connectathon: ${line}\n`);
  say(`starting "${world.name}": ${world.countries.map((c) => c.code).join(', ')} (seed ${world.seed}); sessions in ${storeFile}`);
  const service = await startConnectathonService({
    world,
    store,
    evidence,
    dashboard: { host: values.host, port },
    signingKey: await signingKey(`${storeFile}.evidence-key.pem`),
    log: say,
    ...(values['public-host'] && { publicHost: values['public-host'] }),
    ...(values.state && { stateDir: resolve(values.state) }),
  }).catch((err: unknown) => {
    store.close();
    throw err;
  });
  process.stdout.write(renderEndpoints(service.world.endpoints()));
  say(`${store.sessions().filter((s) => !s.closedAt).length} open session(s) resumed`);
  say(`dashboard ${service.dashboardUrl} — Ctrl-C to stop`);
  await untilStopSignal();
  await service.stop();
  store.close();
  await evidence.close();
  return 0;
};
