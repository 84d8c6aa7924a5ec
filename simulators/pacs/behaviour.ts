/**
 * Named ways a PACS can misbehave, so a scenario can play a faulty peer against a system under
 * test. A conformant PACS has no faults; each fault changes one thing and is visible in evidence.
 */
export type DimseCommandName = 'C-ECHO' | 'C-STORE' | 'C-FIND' | 'C-MOVE' | 'C-GET';

export type PacsFault =
  /** Every association is rejected (A-ASSOCIATE-RJ, rejected-permanent, service-user, no reason). */
  | { readonly kind: 'reject-association' }
  /** Presentation contexts for this SOP class are rejected: abstract syntax not supported. */
  | { readonly kind: 'refuse-sop-class'; readonly sopClassUid: string }
  /** After this many C-STOREs on an association, the next one is answered by an A-ABORT. */
  | { readonly kind: 'abort-after'; readonly stores: number }
  /** Every DIMSE response is delayed by this many milliseconds. */
  | { readonly kind: 'slow'; readonly delayMs: number }
  /** The final response of this command carries this status instead of the real one. */
  | { readonly kind: 'wrong-status'; readonly command: DimseCommandName; readonly status: number };

export interface PacsBehaviour {
  readonly faults: readonly PacsFault[];
}

export const conformant: PacsBehaviour = { faults: [] };

const COMMANDS: readonly DimseCommandName[] = ['C-ECHO', 'C-STORE', 'C-FIND', 'C-MOVE', 'C-GET'];
const UID = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))+$/;

/**
 * Parses the CLI/world-file spelling of a fault:
 * `reject-association`, `refuse-sop-class:1.2.840.10008.5.1.4.1.1.2`, `abort-after:3`, `slow:250`,
 * `wrong-status:0xA700` (C-STORE) or `wrong-status:C-FIND=0xC000`.
 */
export function parseFault(text: string): PacsFault {
  const [name, arg = ''] = splitOnce(text.trim(), ':');
  switch (name) {
    case 'reject-association':
      return { kind: 'reject-association' };
    case 'refuse-sop-class':
      if (!UID.test(arg)) throw new Error(`refuse-sop-class needs a SOP Class UID, got "${arg}"`);
      return { kind: 'refuse-sop-class', sopClassUid: arg };
    case 'abort-after':
      return { kind: 'abort-after', stores: nonNegative(arg, name) };
    case 'slow':
      return { kind: 'slow', delayMs: nonNegative(arg, name) };
    case 'wrong-status': {
      const [command, statusText] = arg.includes('=') ? splitOnce(arg, '=') : ['C-STORE', arg];
      if (!COMMANDS.includes(command as DimseCommandName)) throw new Error(`wrong-status: unknown command "${command}"`);
      const status = Number(statusText);
      if (!/^0x[0-9a-f]{4}$/i.test(statusText ?? '') || !Number.isInteger(status)) {
        throw new Error(`wrong-status needs a 16-bit status like 0xA700, got "${statusText}"`);
      }
      return { kind: 'wrong-status', command: command as DimseCommandName, status };
    }
    default:
      throw new Error(`unknown fault "${name}"; known: reject-association, refuse-sop-class:UID, abort-after:N, slow:MS, wrong-status:[CMD=]0xNNNN`);
  }
}

export function faultOf<K extends PacsFault['kind']>(behaviour: PacsBehaviour, kind: K): Extract<PacsFault, { kind: K }> | undefined {
  return behaviour.faults.find((f): f is Extract<PacsFault, { kind: K }> => f.kind === kind);
}

export function statusOverride(behaviour: PacsBehaviour, command: DimseCommandName): number | undefined {
  return behaviour.faults.find((f): f is Extract<PacsFault, { kind: 'wrong-status' }> => f.kind === 'wrong-status' && f.command === command)?.status;
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

function nonNegative(text: string, name: string): number {
  const n = Number(text);
  if (text === '' || !Number.isInteger(n) || n < 0) throw new Error(`${name} needs a non-negative integer, got "${text}"`);
  return n;
}

/** Waits as long as the `slow` fault says (no wait for a conformant PACS). */
export async function respondDelay(behaviour: PacsBehaviour): Promise<void> {
  const slow = faultOf(behaviour, 'slow');
  if (slow && slow.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, slow.delayMs));
}

/**
 * The abort-after fault as a per-association gate: true for a C-STORE past the limit on its
 * association. Counts nothing for a behaviour without the fault, so a conformant server keeps
 * no per-association state.
 */
export function abortAfterGate(behaviour: PacsBehaviour): (associationId: string) => boolean {
  const fault = faultOf(behaviour, 'abort-after');
  if (!fault) return () => false;
  const stores = new Map<string, number>();
  return (associationId) => {
    const count = (stores.get(associationId) ?? 0) + 1;
    stores.set(associationId, count);
    return count > fault.stores;
  };
}

/** C-ECHO as the behaviour says: delayed by `slow`, status from `wrong-status:C-ECHO=…`. */
export function echoHandler(behaviour: PacsBehaviour): () => Promise<number> {
  return async () => {
    await respondDelay(behaviour);
    return statusOverride(behaviour, 'C-ECHO') ?? 0x0000;
  };
}
