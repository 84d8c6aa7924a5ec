/**
 * `ixh serve world [--world FILE] [--evidence DIR] [--state DIR]`: starts every simulated actor of
 * a world (the embedded six-country default without a file), prints each endpoint, and runs until
 * SIGINT/SIGTERM.
 */
import { resolve } from 'node:path';
import { createDiscardingSink } from '../../simulators/evidence/discarding-sink.ts';
import { createEvidenceRecorder } from '../../simulators/evidence/recorder.ts';
import { defaultWorld } from '../../simulators/world/default-world.ts';
import { loadWorldFile } from '../../simulators/world/load-world.ts';
import { startWorld, type CountryEndpoints } from '../../simulators/world/start-world.ts';
import { WorldFileError } from '../../simulators/world/world-file-error.ts';
import { CliError, parseOptions, type Command } from '../command.ts';
import { untilStopSignal } from './stop-signal.ts';

export const serveWorldCommand: Command = async (argv) => {
  const { values } = parseOptions(argv, {
    world: { type: 'string' },
    evidence: { type: 'string' },
    state: { type: 'string' },
  });
  let world;
  try {
    world = values.world ? await loadWorldFile(resolve(values.world)) : defaultWorld();
  } catch (err) {
    if (err instanceof WorldFileError) throw new CliError(err.message);
    throw err;
  }
  const evidenceDir = values.evidence ? resolve(values.evidence) : world.evidenceDir;
  const evidence = evidenceDir ? createEvidenceRecorder({ dir: evidenceDir }) : createDiscardingSink();
  const say = (line: string): void => void process.stdout.write(`world: ${line}\n`);
  say(`starting "${world.name}": ${world.countries.map((c) => c.code).join(', ')} (seed ${world.seed})`);
  const running = await startWorld(world, { evidence, log: say, ...(values.state && { stateDir: resolve(values.state) }) });
  process.stdout.write(renderEndpoints(running.endpoints()));
  if (evidenceDir) say(`evidence in ${evidenceDir}`);
  say('ready — Ctrl-C to stop');
  await untilStopSignal();
  await running.stop();
  await evidence.close();
  return 0;
};

export function renderEndpoints(countries: readonly CountryEndpoints[]): string {
  const lines: string[] = [];
  for (const c of countries) {
    lines.push(`${c.code}  ${c.homeCommunityId}  profile ${c.profile}`);
    const width = Math.max(...c.actors.map((a) => a.actor.length));
    for (const a of c.actors) lines.push(`    ${a.actor.padEnd(width)}  ${a.address}${a.sut ? '  (SUT)' : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
