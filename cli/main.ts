import { CliError, type Command } from './command.ts';

// Loaded on demand so that one command's dependencies (SQLite, sockets) never slow another's start.
const commands: Record<string, () => Promise<Command>> = {
  fixtures: async () => (await import('./commands/fixtures.ts')).fixturesCommand,
  // `ixh serve [world] --dashboard PORT` is connectathon mode; every other `serve` form is unchanged.
  serve: async () => async (argv) =>
    argv.some((a) => a === '--dashboard' || a.startsWith('--dashboard='))
      ? (await import('./commands/serve-connectathon.ts')).serveConnectathonCommand(argv)
      : (await import('./commands/serve.ts')).serveCommand(argv),
  validate: async () => (await import('./commands/validate.ts')).validateCommand,
  requirements: async () => (await import('./commands/requirements.ts')).requirementsCommand,
  run: async () => (await import('./commands/run.ts')).runCommand,
  replay: async () => (await import('./commands/replay.ts')).replayCommand,
  'verify-evidence': async () => (await import('./commands/verify-evidence.ts')).verifyEvidenceCommand,
};

const USAGE = `ixh — imaging exchange harness

Usage:
  ixh run <scenario...|--all> [--world FILE] [--profile xca-i|ehdsi-orcd] [--seed N] [--report DIR]
          [--evidence DIR [--sign-key FILE]] [--json]
  ixh run --suite ncp-a|ncp-b [--sut URL] [...]
                 run scenarios and their negative variants; a verdict table per step;
                 exit 0 pass, 1 a fail (or an undetected fault), 2 a harness error or usage error
  ixh replay DIR [--json]
                 re-run the validators over a run recorded with ixh run --evidence DIR, offline;
                 exit 0 same findings as recorded, 1 a difference (printed), 2 not a recorded run
  ixh verify-evidence DIR [--pub KEY] [--json]
                 check the signed, hash-chained manifest.json that ixh run --evidence DIR writes;
                 one line per altered, missing, added or reordered file or bad signature;
                 exit 0 intact, 1 tampered, 2 not a sealed directory or usage error
  ixh serve world [--world FILE] [--evidence DIR] [--state DIR]
                 start every actor of a world (default: six countries, seed 7) and print the endpoints
  ixh serve [world] --dashboard PORT [--world FILE] [--store FILE] [--host H] [--public-host H]
                 connectathon mode: the world plus a dashboard where vendors open test sessions and
                 watch their messages validated live (docs/connectathon.md)
  ixh fixtures generate --seed N --out DIR [--countries CZ,FR,...] [--patients N] [--matrix 64|256|512]
  ixh serve pacs [--ae AE] [--host H] [--port P] [--data DIR] [--db FILE] [--peer AE=host:port ...]
                 [--fault NAME[:ARG]] [--fsync] [--evidence DIR]
  ixh serve storescp --out DIR [--ae AE] [--host H] [--port P] [--fault NAME[:ARG]] [--evidence DIR]
  ixh validate FILE... [--json] [--profile base|xca-i|ehdsi-orcd|mado]
                 judge DICOM, KOS, CDA, FHIR, SOAP/ebRIM, XCPD, SAML and ATNA files (kind read from content);
                 exit 0 pass, 1 error-level finding, 2 unreadable input, 3 harness error (a rule threw)
  ixh requirements [--json]
                 the requirements catalogue with the rules and scenario steps covering each id

Every command accepts --evidence DIR: each message that crosses the wire is written there
(<seq>-<actor>-<transaction>-<request|response>.<ext>) with an index.json.
`;

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) throw new CliError(`unknown command "${name}"\n\n${USAGE}`);
  if (rest.some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(usageOf(name));
    return 0;
  }
  return (await load())(rest);
}

/** The lines of USAGE about one command: each `  ixh <name> …` line and the indented lines under it. */
function usageOf(name: string): string {
  const lines: string[] = [];
  let inBlock = false;
  for (const line of USAGE.split('\n')) {
    if (/^ {2}ixh /.test(line)) inBlock = line.startsWith(`  ixh ${name} `) || line === `  ixh ${name}`;
    else if (!/^ {3,}\S/.test(line)) inBlock = false;
    if (inBlock) lines.push(line);
  }
  return `Usage:\n${lines.join('\n')}\n`;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  if (err instanceof CliError) {
    process.stderr.write(`ixh: ${err.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`ixh: internal error: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 3;
  }
}
