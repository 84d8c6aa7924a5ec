/**
 * Checks what callers hand to the store before any of it reaches SQL or the file system.
 * Session fields come from vendors over the dashboard, so they are bounded and printable;
 * message and finding fields come from the harness itself, so they are checked for shape
 * (a bug there must be a clear error, not a corrupt row).
 */
import { SessionStoreError } from './session-store-error.ts';

export const MESSAGE_FORMATS = ['dcm', 'xml', 'json', 'txt', 'bin'] as const;
export const DIRECTIONS = ['request', 'response'] as const;
export const SEVERITIES = ['error', 'warning', 'info'] as const;

const LIMITS = { vendor: 100, role: 64, addressKeys: 16, addressKey: 32, addressValue: 512, field: 512, findingText: 16_384 } as const;
/** Letters, digits, punctuation, spaces of any script; no control, format or unassigned characters. */
const PRINTABLE = /^[^\p{C}]*$/u;
const ROLE = /^[A-Za-z][A-Za-z0-9._-]*$/;
const ADDRESS_KEY = /^[A-Za-z][A-Za-z0-9_-]*$/;
/** Store-made session ids: 16 lower-case hex digits (also safe in URLs and file names). */
export const SESSION_ID = /^[0-9a-f]{16}$/;

export interface SessionInput {
  readonly vendor: string;
  readonly role: string;
  readonly addresses: Readonly<Record<string, string | number>>;
}

function printable(what: string, value: unknown, max: number, { allowEmpty = false } = {}): string {
  if (typeof value !== 'string') throw new SessionStoreError(`${what} must be a string, got ${describe(value)}`);
  if (!allowEmpty && value.trim() === '') throw new SessionStoreError(`${what} must not be empty`);
  if (value.length > max) throw new SessionStoreError(`${what} is ${value.length} characters long, at most ${max} are allowed`);
  if (!PRINTABLE.test(value)) throw new SessionStoreError(`${what} contains control or unprintable characters`);
  return value;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

export function checkSessionInput(input: unknown): SessionInput {
  if (!isPlainObject(input)) throw new SessionStoreError(`a session needs { vendor, role, addresses }, got ${describe(input)}`);
  const vendor = printable('vendor', input.vendor, LIMITS.vendor);
  const role = printable('role', input.role, LIMITS.role);
  if (!ROLE.test(role)) throw new SessionStoreError(`role "${role}" must start with a letter and hold only letters, digits, ".", "_" or "-"`);
  return { vendor, role, addresses: checkAddresses(input.addresses) };
}

function checkAddresses(addresses: unknown): Record<string, string | number> {
  if (!isPlainObject(addresses)) throw new SessionStoreError(`addresses must be an object such as { aeTitle, host, port }, got ${describe(addresses)}`);
  const entries = Object.entries(addresses);
  if (entries.length > LIMITS.addressKeys) throw new SessionStoreError(`addresses has ${entries.length} entries, at most ${LIMITS.addressKeys} are allowed`);
  const checked: Record<string, string | number> = {};
  for (const [key, value] of entries) {
    if (key.length > LIMITS.addressKey || !ADDRESS_KEY.test(key)) throw new SessionStoreError(`address name "${key.slice(0, 40)}" must be a letter then up to ${LIMITS.addressKey - 1} letters, digits, "_" or "-"`);
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new SessionStoreError(`address ${key} must be a finite number`);
      checked[key] = value;
    } else checked[key] = printable(`address ${key}`, value, LIMITS.addressValue);
  }
  return checked;
}

export function checkSessionId(id: unknown): string {
  if (typeof id !== 'string' || !SESSION_ID.test(id)) throw new SessionStoreError(`"${String(id).slice(0, 40)}" is not a session id`);
  return id;
}

export interface MessageInput {
  readonly time: string;
  readonly actor: string;
  readonly peer: string;
  readonly transaction: string;
  readonly direction: (typeof DIRECTIONS)[number];
  readonly status?: string;
  readonly durationMs?: number;
  readonly association?: string;
  readonly format: (typeof MESSAGE_FORMATS)[number];
}

function oneOf<T extends string>(what: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) throw new SessionStoreError(`${what} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value) ?? 'nothing'}`);
  return value as T;
}

export function checkMessage(message: unknown, body: unknown): MessageInput {
  if (!isPlainObject(message)) throw new SessionStoreError(`a message must be an object, got ${describe(message)}`);
  if (!(body instanceof Uint8Array)) throw new SessionStoreError(`a message body must be bytes (Uint8Array), got ${describe(body)}`);
  const time = printable('message time', message.time, 64);
  if (Number.isNaN(Date.parse(time))) throw new SessionStoreError(`message time "${time}" is not a date-time`);
  const durationMs = message.durationMs;
  if (durationMs !== undefined && (typeof durationMs !== 'number' || !Number.isFinite(durationMs) || durationMs < 0)) {
    throw new SessionStoreError(`message durationMs must be a number ≥ 0, got ${JSON.stringify(durationMs)}`);
  }
  const optional = (key: 'status' | 'association'): string | undefined =>
    message[key] === undefined ? undefined : printable(`message ${key}`, message[key], LIMITS.field, { allowEmpty: true });
  return {
    time,
    actor: printable('message actor', message.actor, LIMITS.field),
    peer: printable('message peer', message.peer, LIMITS.field, { allowEmpty: true }),
    transaction: printable('message transaction', message.transaction, LIMITS.field),
    direction: oneOf('message direction', message.direction, DIRECTIONS),
    format: oneOf('message format', message.format, MESSAGE_FORMATS),
    ...(optional('status') !== undefined ? { status: optional('status') } : {}),
    ...(durationMs !== undefined ? { durationMs } : {}),
    ...(optional('association') !== undefined ? { association: optional('association') } : {}),
  };
}

export interface FindingInput {
  readonly ruleId: string;
  readonly severity: (typeof SEVERITIES)[number];
  readonly requirements: readonly string[];
  readonly specRef: string;
  readonly subject: string;
  readonly path: string;
  readonly message: string;
  readonly expected?: string;
  readonly actual?: string;
}

/**
 * Free text of a finding (message, expected, actual) may quote a whole received value; it is
 * cut at 16k characters with a visible mark rather than refused, so the finding is never lost.
 */
function findingText(what: string, value: unknown, optional: boolean): string | undefined {
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string') throw new SessionStoreError(`finding ${what} must be a string, got ${describe(value)}`);
  return value.length > LIMITS.findingText ? `${value.slice(0, LIMITS.findingText)}… [cut: ${value.length} characters]` : value;
}

export function checkFinding(finding: unknown): FindingInput {
  if (!isPlainObject(finding)) throw new SessionStoreError(`a finding must be an object, got ${describe(finding)}`);
  const requirements = finding.requirements;
  if (!Array.isArray(requirements) || !requirements.every((r) => typeof r === 'string')) throw new SessionStoreError('finding requirements must be an array of requirement ids');
  const expected = findingText('expected', finding.expected, true);
  const actual = findingText('actual', finding.actual, true);
  return {
    ruleId: printable('finding ruleId', finding.ruleId, LIMITS.field),
    severity: oneOf('finding severity', finding.severity, SEVERITIES),
    requirements: requirements.map((r: string) => printable('finding requirement id', r, LIMITS.field)),
    specRef: findingText('specRef', finding.specRef, false)!,
    subject: findingText('subject', finding.subject, false)!,
    path: findingText('path', finding.path, false)!,
    message: findingText('message', finding.message, false)!,
    ...(expected !== undefined ? { expected } : {}),
    ...(actual !== undefined ? { actual } : {}),
  };
}
