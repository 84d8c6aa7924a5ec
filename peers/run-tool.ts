import { spawn, type ChildProcess } from 'node:child_process';

export interface ToolResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

export interface RunToolOptions {
  readonly timeoutMs?: number;
  readonly env?: Record<string, string>;
  readonly cwd?: string;
}

/**
 * Runs a third-party command-line peer (DCMTK, dciodvfy, xmllint) to completion.
 * DCMTK tools read TCP_NODELAY from the environment; without it Nagle's algorithm caps loopback
 * transfers near 11 MB/s (shared/perf/dimse-baseline.md), so it is always set.
 * A tool that outlives `timeoutMs` is killed and reported with signal SIGKILL, never left hanging.
 */
export function runTool(command: string, args: readonly string[], options: RunToolOptions = {}): Promise<ToolResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, TCP_NODELAY: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${command}: ${err.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, durationMs: performance.now() - started });
    });
  });
}

export interface RunningTool {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves when some output line matches, rejects on exit or timeout first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a long-running peer (storescp, Orthanc) and keeps its combined output for diagnostics. */
export function startTool(command: string, args: readonly string[], options: RunToolOptions = {}): RunningTool {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, TCP_NODELAY: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: string): void => {
    output += chunk;
    for (const listener of listeners) listener();
  };
  child.stdout?.setEncoding('utf8').on('data', onData);
  child.stderr?.setEncoding('utf8').on('data', onData);
  let exited = child.exitCode !== null;
  const exitPromise = new Promise<void>((resolve) => child.once('close', () => { exited = true; resolve(); }));
  child.once('error', (err) => { output += `\n[spawn error] ${err.message}`; });

  return {
    child,
    output: () => output,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (pattern.test(output)) finish();
        };
        const timer = setTimeout(() => finish(new Error(`${command}: no output matching ${pattern} within ${timeoutMs} ms\n${output}`)), timeoutMs);
        const onExit = (): void => finish(new Error(`${command} exited before printing ${pattern}\n${output}`));
        function finish(err?: Error): void {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('close', onExit);
          if (err) reject(err);
          else resolve();
        }
        listeners.add(check);
        child.once('close', onExit);
        check();
      });
    },
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}
