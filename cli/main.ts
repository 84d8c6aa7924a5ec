import { fixturesCommand } from './commands/fixtures.ts';
import { serveCommand } from './commands/serve.ts';
import { CliError, type Command } from './command.ts';

const commands: Record<string, Command> = {
  fixtures: fixturesCommand,
  serve: serveCommand,
};

const USAGE = `ixh — imaging exchange harness

Usage:
  ixh fixtures generate --seed N --out DIR [--countries CZ,FR,...] [--patients N] [--matrix 64|256|512]
  ixh serve pacs [--ae AE] [--host H] [--port P] [--data DIR] [--db FILE] [--peer AE=host:port ...]
                 [--fault NAME[:ARG]] [--evidence DIR]

Every command accepts --evidence DIR: each message that crosses the wire is written there
(<seq>-<actor>-<transaction>-<request|response>.<ext>) with an index.json.
`;

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) throw new CliError(`unknown command "${name}"\n\n${USAGE}`);
  return command(rest);
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
