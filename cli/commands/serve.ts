import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cachedFixtures } from '../../fixtures/fixture-cache.ts';
import { createDiscardingSink } from '../../simulators/evidence/discarding-sink.ts';
import { createEvidenceRecorder } from '../../simulators/evidence/recorder.ts';
import { parseFault } from '../../simulators/pacs/behaviour.ts';
import { createPacs } from '../../simulators/pacs/pacs.ts';
import type { Actor } from '../../simulators/actor.ts';
import type { HarnessErrorEvent } from '../../simulators/dimse/observer.ts';
import { createStorageScp } from '../../simulators/storage-scp/storage-scp.ts';
import { CliError, integerOption, parseOptions, type Command } from '../command.ts';
import { untilStopSignal } from './stop-signal.ts';

const USAGE = `usage:
  ixh serve world    [--world FILE] [--evidence DIR] [--state DIR]
  ixh serve pacs     [--ae AE] [--host H] [--port P] [--data DIR] [--store DIR] [--db FILE] [--peer AE=host:port ...] [--fault F ...] [--fsync] [--evidence DIR]
  ixh serve storescp [--ae AE] [--host H] [--port P] --out DIR [--fault F ...] [--evidence DIR]`;

export const serveCommand: Command = async (argv) => {
  if (argv[0] === 'world') return (await import('./serve-world.ts')).serveWorldCommand(argv.slice(1));
  const { values, positionals } = parseOptions(argv, {
    ae: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '11112' },
    data: { type: 'string' },
    store: { type: 'string' },
    out: { type: 'string' },
    db: { type: 'string' },
    peer: { type: 'string', multiple: true, default: [] },
    fault: { type: 'string', multiple: true, default: [] },
    evidence: { type: 'string' },
    fsync: { type: 'boolean', default: false },
  });
  const what = positionals[0];
  if (what !== 'pacs' && what !== 'storescp') throw new CliError(USAGE);
  const aeTitle = values.ae ?? (what === 'pacs' ? 'IXH_PACS' : 'IXH_STORESCP');
  if (!/^[ -~]{1,16}$/.test(aeTitle) || aeTitle.trim() !== aeTitle) throw new CliError(`--ae must be 1-16 printable ASCII characters without leading/trailing spaces, got "${aeTitle}"`);
  const port = integerOption(values.port, 'port', 11112);
  const faults = values.fault.map((f) => {
    try {
      return parseFault(f);
    } catch (err) {
      throw new CliError((err as Error).message);
    }
  });
  const evidence = values.evidence ? createEvidenceRecorder({ dir: resolve(values.evidence) }) : createDiscardingSink();
  // A harness fault must never pass unseen, evidence or not.
  const observer = { onHarnessError: (e: HarnessErrorEvent) => void process.stderr.write(`${what}: harness error in ${e.where}: ${e.message}\n`) };

  let actor: Actor;
  let summary: string;
  if (what === 'storescp') {
    if (!values.out) throw new CliError('--out DIR is required: where received instances are written');
    actor = createStorageScp({ aeTitle, host: values.host, port, outDir: resolve(values.out), behaviour: { faults }, observer }, evidence);
    await actor.start();
    summary = `writing received instances to ${resolve(values.out)}`;
  } else {
    const data = values.data ? resolve(values.data) : await cachedFixtures({}, (line) => process.stdout.write(`pacs: ${line}\n`));
    if (!existsSync(data)) throw new CliError(`--data ${data} does not exist`);
    const pacs = createPacs(
      {
        aeTitle,
        host: values.host,
        port,
        storageDir: resolve(values.store ?? join(data, '.ixh-pacs')),
        dbFile: values.db ? resolve(values.db) : ':memory:',
        importDirs: [data],
        peers: Object.fromEntries(values.peer.map(parsePeer)),
        behaviour: { faults },
        durability: values.fsync ? 'power-loss' : 'process',
        observer,
      },
      evidence,
    );
    await pacs.start();
    actor = pacs;
    const stats = pacs.stats();
    summary =
      `${stats.patients} patients, ${stats.studies} studies, ${stats.instances} instances from ${data}` +
      (stats.skipped > 0 ? `\npacs: ${stats.skipped} files skipped (unreadable)` : '');
  }
  process.stdout.write(
    `${what}: ${aeTitle} listening on ${actor.address.host}:${actor.address.port} — ${summary}\n` +
      (faults.length ? `${what}: faults ${values.fault.join(', ')}\n` : '') +
      (values.evidence ? `${what}: evidence in ${resolve(values.evidence)}\n` : ''),
  );

  await untilStopSignal();
  await actor.stop();
  await evidence.close();
  return 0;
};

function parsePeer(text: string): [string, { host: string; port: number }] {
  const match = /^([^=]{1,16})=([^:]+):(\d{1,5})$/.exec(text);
  if (!match) throw new CliError(`--peer must look like AE=host:port, got "${text}"`);
  return [match[1] as string, { host: match[2] as string, port: Number(match[3]) }];
}
