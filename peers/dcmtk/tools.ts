import { runTool, type ToolResult } from '../run-tool.ts';

/**
 * Thin wrappers over the DCMTK command-line tools the interop tests drive. They return the raw
 * ToolResult (exit code and output) and leave judging it to the caller, except dcmdumpTags,
 * which parses. The SCUs refuse any host but 127.0.0.1.
 */
export interface ScuOptions {
  /** Calling AE title; DCMTK's default (ECHOSCU, STORESCU) when absent. */
  readonly aet?: string;
  readonly timeoutMs?: number;
  readonly extraArgs?: readonly string[];
}

export const LOOPBACK = '127.0.0.1';

function scuArgs(host: string, options: ScuOptions, aec: string): string[] {
  // The harness must never reach beyond this machine, whatever a scenario was configured with.
  if (host !== LOOPBACK) throw new Error(`DCMTK SCUs only dial ${LOOPBACK}, not ${host}`);
  return [...(options.aet ? ['-aet', options.aet] : []), '-aec', aec, ...(options.extraArgs ?? [])];
}

/** C-ECHO; code 0 means the association was accepted and the echo answered Success. */
export async function echoscu(host: string, port: number, aec: string, options: ScuOptions = {}): Promise<ToolResult> {
  return runTool('echoscu', ['-v', ...scuArgs(host, options, aec), host, String(port)], { timeoutMs: options.timeoutMs });
}

/** C-STORE of the given files in one association; code 0 means every store was accepted. */
export async function storescu(host: string, port: number, aec: string, files: readonly string[], options: ScuOptions = {}): Promise<ToolResult> {
  return runTool('storescu', ['-v', ...scuArgs(host, options, aec), host, String(port), ...files], { timeoutMs: options.timeoutMs });
}

/** Throws with the tool's output unless it exited 0; for set-up steps that must not fail quietly. */
export function assertToolOk(name: string, result: ToolResult): ToolResult {
  if (result.code !== 0) {
    throw new Error(`${name} exited with ${result.code ?? result.signal}\n${result.stdout}${result.stderr}`);
  }
  return result;
}

// "(0010,0020) LO [IXH-PAT-1]     #  10, 1 PatientID"; values without brackets are numbers.
const DUMP_LINE = /^\(([0-9a-f]{4}),([0-9a-f]{4})\) (\w\w) (.*?)\s+#\s*\d+,\s*\d+ (\S+)\s*$/i;

export interface DumpedElement {
  readonly tag: string;
  readonly vr: string;
  readonly keyword: string;
  /** The value as dcmdump shows it: brackets removed, '' for an empty element. */
  readonly value: string;
}

/**
 * Top-level elements of a file (meta header included) keyed by keyword, e.g. `PatientID`, and by
 * tag, e.g. `0010,0020`. Sequence contents are left out: dcmdump indents them. UIDs are printed
 * as numbers (-Un), not names.
 */
export async function dcmdumpTags(file: string): Promise<Map<string, DumpedElement>> {
  const result = assertToolOk('dcmdump', await runTool('dcmdump', ['-Un', '+L', file]));
  return parseDcmdump(result.stdout);
}

export function parseDcmdump(text: string): Map<string, DumpedElement> {
  const elements = new Map<string, DumpedElement>();
  for (const line of text.split('\n')) {
    const match = DUMP_LINE.exec(line);
    if (!match) continue;
    const [, group, element, vr, raw, keyword] = match as unknown as [string, string, string, string, string, string];
    const value = raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1) : raw === '(no value available)' ? '' : raw;
    const dumped: DumpedElement = { tag: `${group.toLowerCase()},${element.toLowerCase()}`, vr, keyword, value };
    elements.set(keyword, dumped);
    elements.set(dumped.tag, dumped);
  }
  return elements;
}
