/**
 * Syslog as ATNA carries audit messages (IHE ITI TF-2 3.20.4.1.2): RFC 5424 messages, framed on a
 * TLS stream by RFC 5425 octet counting (`<MSG-LEN> SP <SYSLOG-MSG>`), or one per UDP datagram
 * (RFC 5426). The parser never throws: a message that is not RFC 5424 is an `{ ok: false }` naming
 * what is wrong; the stream reader turns a frame it cannot read into an error and stops, because
 * octet counting has no marker to resynchronise on.
 */

export interface SyslogMessage {
  /** 0-23; ATNA uses 10 (security/authorization, authpriv). */
  readonly facility: number;
  /** 0-7; ATNA uses 5 (notice). */
  readonly severity: number;
  readonly version: number;
  /** RFC 3339 time, or undefined for the NILVALUE "-". */
  readonly timestamp?: string;
  readonly hostname?: string;
  readonly appName?: string;
  readonly procId?: string;
  /** ATNA: "IHE+RFC-3881". */
  readonly msgId?: string;
  /** The STRUCTURED-DATA field as received ("-" when none). */
  readonly structuredData: string;
  /** The MSG part, without the BOM. */
  readonly msg: Uint8Array;
  /** Whether MSG started with the UTF-8 byte order mark (RFC 5424 §6.4: MSG-UTF8 = BOM UTF-8-STRING). */
  readonly bom: boolean;
}

export type SyslogParse = { readonly ok: true; readonly message: SyslogMessage } | { readonly ok: false; readonly error: string };

/** The PRI of ATNA audit messages: facility 10 (authpriv), severity 5 (notice) → 85. */
export const ATNA_FACILITY = 10;
export const ATNA_SEVERITY = 5;
export const ATNA_MSG_ID = 'IHE+RFC-3881';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const NIL = '-';
/** RFC 5424 §6: header field sizes. */
const FIELD_LIMITS = { hostname: 255, appName: 48, procId: 128, msgId: 32 } as const;
const PRINTUS = /^[\x21-\x7e]+$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;

export interface SyslogOut {
  readonly facility?: number;
  readonly severity?: number;
  readonly timestamp?: Date;
  readonly hostname?: string;
  readonly appName?: string;
  readonly procId?: string;
  readonly msgId?: string;
  readonly msg: string | Uint8Array;
  /** Prefix MSG with the UTF-8 BOM (default true, as RFC 5424 asks of UTF-8 MSG). */
  readonly bom?: boolean;
}

/** One RFC 5424 message; header fields are cut to their limits and blanks become "-". */
export function serializeSyslog(out: SyslogOut): Buffer {
  const pri = (out.facility ?? ATNA_FACILITY) * 8 + (out.severity ?? ATNA_SEVERITY);
  const field = (value: string | undefined, max: number): string => {
    const cleaned = (value ?? '').replace(/[^\x21-\x7e]/g, '').slice(0, max);
    return cleaned === '' ? NIL : cleaned;
  };
  const header = [
    `<${pri}>1`,
    out.timestamp ? out.timestamp.toISOString() : NIL,
    field(out.hostname, FIELD_LIMITS.hostname),
    field(out.appName, FIELD_LIMITS.appName),
    field(out.procId, FIELD_LIMITS.procId),
    field(out.msgId, FIELD_LIMITS.msgId),
    NIL,
  ].join(' ');
  const msg = typeof out.msg === 'string' ? Buffer.from(out.msg, 'utf8') : Buffer.from(out.msg);
  return Buffer.concat([Buffer.from(header + ' ', 'ascii'), out.bom === false ? Buffer.alloc(0) : BOM, msg]);
}

/** Reads one RFC 5424 message; never throws. */
export function parseSyslog(bytes: Uint8Array): SyslogParse {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (error: string): SyslogParse => ({ ok: false, error });
  const pri = /^<(\d{1,3})>/.exec(buf.subarray(0, 5).toString('latin1'));
  if (!pri) return fail('no PRI: a syslog message starts with "<" 1-3 digits ">"');
  const priValue = Number(pri[1]);
  if (priValue > 191 || (pri[1]!.length > 1 && pri[1]!.startsWith('0'))) return fail(`PRI ${pri[1]} is not 0-191 without leading zeros`);
  let at = pri[0].length;
  // Seven space-separated header tokens: VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID, then SD.
  const tokens: string[] = [];
  for (let i = 0; i < 6; i++) {
    const space = buf.indexOf(0x20, at);
    if (space < 0) return fail(`header ends after ${tokens.length + 1} field(s): VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA are required`);
    tokens.push(buf.subarray(at, space).toString('latin1'));
    at = space + 1;
  }
  const [version, timestamp, hostname, appName, procId, msgId] = tokens as [string, string, string, string, string, string];
  if (!/^[1-9]\d{0,2}$/.test(version)) return fail(`VERSION "${version}" is not a number (RFC 5424 is version 1)`);
  if (timestamp !== NIL && !TIMESTAMP.test(timestamp)) return fail(`TIMESTAMP "${timestamp}" is not an RFC 3339 full-date "T" full-time`);
  for (const [name, value, max] of [['HOSTNAME', hostname, FIELD_LIMITS.hostname], ['APP-NAME', appName, FIELD_LIMITS.appName], ['PROCID', procId, FIELD_LIMITS.procId], ['MSGID', msgId, FIELD_LIMITS.msgId]] as const) {
    if (value.length > max || !PRINTUS.test(value)) return fail(`${name} "${value.slice(0, 40)}" must be 1-${max} printable US-ASCII characters or "-"`);
  }
  const sd = readStructuredData(buf, at);
  if ('error' in sd) return fail(sd.error);
  at = sd.end;
  let msg = buf.subarray(at);
  if (msg.length > 0) {
    if (msg[0] !== 0x20) return fail('STRUCTURED-DATA must be followed by a space before MSG');
    msg = msg.subarray(1);
  }
  const bom = msg.subarray(0, 3).equals(BOM);
  return {
    ok: true,
    message: {
      facility: priValue >> 3,
      severity: priValue & 7,
      version: Number(version),
      ...(timestamp !== NIL && { timestamp }),
      ...(hostname !== NIL && { hostname }),
      ...(appName !== NIL && { appName }),
      ...(procId !== NIL && { procId }),
      ...(msgId !== NIL && { msgId }),
      structuredData: sd.text,
      msg: bom ? msg.subarray(3) : msg,
      bom,
    },
  };
}

/** STRUCTURED-DATA = NILVALUE / 1*SD-ELEMENT; values may hold escaped "\]" and "\"". */
function readStructuredData(buf: Buffer, start: number): { text: string; end: number } | { error: string } {
  if (buf[start] === 0x2d /* - */) return { text: NIL, end: start + 1 };
  if (buf[start] !== 0x5b /* [ */) return { error: 'STRUCTURED-DATA must be "-" or start with "["' };
  let i = start;
  while (buf[i] === 0x5b) {
    let inValue = false;
    for (i++; i < buf.length; i++) {
      const c = buf[i];
      if (inValue && c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inValue = !inValue;
      else if (!inValue && c === 0x5d /* ] */) break;
    }
    if (i >= buf.length) return { error: 'STRUCTURED-DATA element is not closed by "]"' };
    i++;
  }
  return { text: buf.subarray(start, i).toString('utf8'), end: i };
}

/** RFC 5425 §4.3: `MSG-LEN SP SYSLOG-MSG`. */
export function frameOctetCounted(message: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`${message.byteLength} `, 'ascii'), message]);
}

/** RFC 5425 §4.3.1 asks receivers to take at least 2048 octets and should take 8192; audit messages with queries run larger. */
export const DEFAULT_MAX_FRAME_BYTES = 256 * 1024;

export interface FrameReader {
  /** Feeds bytes of the stream; returns every frame completed by them. After an error, returns nothing. */
  push(chunk: Uint8Array): Buffer[];
  /** Set once the stream cannot be read any further (the connection should be closed). */
  readonly error: string | undefined;
  /** Bytes held of an incomplete frame (at the end of the stream: a truncated message). */
  readonly pendingBytes: number;
}

/**
 * Reassembles octet-counted frames across chunks. A length that is not NONZERO-DIGIT *DIGIT,
 * or is larger than `maxFrameBytes`, is unrecoverable: no later byte can be trusted as the start
 * of a frame, so the reader stops with an error instead of guessing.
 */
export function createFrameReader(maxFrameBytes = DEFAULT_MAX_FRAME_BYTES): FrameReader {
  const maxDigits = String(maxFrameBytes).length;
  let held: Buffer = Buffer.alloc(0);
  let error: string | undefined;
  return {
    get error() {
      return error;
    },
    get pendingBytes() {
      return held.length;
    },
    push(chunk) {
      if (error !== undefined) return [];
      held = held.length === 0 ? Buffer.from(chunk) : Buffer.concat([held, chunk]);
      const frames: Buffer[] = [];
      for (;;) {
        const space = held.indexOf(0x20);
        const digits = space < 0 ? held.subarray(0, maxDigits + 1) : held.subarray(0, space);
        const text = digits.toString('latin1');
        if (!/^[1-9]\d*$/.test(text) && !(space < 0 && /^([1-9]\d*)?$/.test(text))) {
          error = `octet-counting frame must start with MSG-LEN (a number without leading zero) and a space; got "${printable(held.subarray(0, 24))}"`;
          held = Buffer.alloc(0);
          return frames;
        }
        if (text.length > maxDigits || Number(text) > maxFrameBytes) {
          error = `frame length ${text.length > maxDigits ? `of more than ${maxDigits} digits` : text} exceeds the limit of ${maxFrameBytes} bytes`;
          held = Buffer.alloc(0);
          return frames;
        }
        if (space < 0) return frames;
        const length = Number(text);
        if (held.length < space + 1 + length) return frames;
        frames.push(held.subarray(space + 1, space + 1 + length));
        held = held.subarray(space + 1 + length);
        if (held.length === 0) return frames;
      }
    },
  };
}

function printable(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1').replace(/[^\x20-\x7e]/g, '.');
}
