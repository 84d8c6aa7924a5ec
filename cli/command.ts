import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A sub-command: takes its own arguments, returns the process exit code. */
export type Command = (argv: readonly string[]) => Promise<number>;

/** A usage error: printed without a stack trace, exit code 2. */
export class CliError extends Error {}

export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

export function integerOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new CliError(`--${name} must be a non-negative integer, got "${value}"`);
  return n;
}
