/**
 * What crossed the wire, as every actor reports it. Simulators only record; validators and
 * scenarios read the record later. One interface for DIMSE, HTTP and SOAP alike.
 */

/** File extension of a recorded body; `bin` for anything else (PDF, JPEG parts of MTOM messages). */
export type EvidenceFormat = 'dcm' | 'xml' | 'json' | 'txt' | 'bin';
export type EvidenceDirection = 'request' | 'response';

/**
 * The body of a message: text, bytes, a JSON-serialisable value, or a file already on disk
 * (a received DICOM instance) that the recorder links or copies instead of reading into memory.
 */
export type EvidenceBody = string | Uint8Array | { readonly file: string } | { readonly json: unknown };

export interface EvidenceMessage {
  /** The simulated actor that saw the message, e.g. "pacs" or "ncp-b". */
  readonly actor: string;
  /** The other side, e.g. "STORESCU@127.0.0.1:50412". */
  readonly peer: string;
  /** A-ASSOCIATE, C-STORE, C-FIND, ITI-18, RAD-69, harness-error ... */
  readonly transaction: string;
  readonly direction: EvidenceDirection;
  readonly format: EvidenceFormat;
  readonly body: EvidenceBody;
  /** DIMSE status as 0xNNNN, HTTP status, or the association decision. */
  readonly status?: string;
  /** When the exchange started (epoch ms); defaults to the time of recording. */
  readonly startedAt?: number;
  readonly durationMs?: number;
  /** Groups the messages of one association or HTTP connection. */
  readonly association?: string;
  /** Which started world recorded it, when several share one sink (scenario runs: `w1`, `w2`…). */
  readonly world?: string;
}

/** One line of index.json: a message whose body is durable on disk (or held in memory). */
export interface EvidenceEntry {
  readonly seq: number;
  readonly time: string;
  readonly actor: string;
  readonly peer: string;
  readonly transaction: string;
  readonly direction: EvidenceDirection;
  readonly status?: string;
  readonly bytes: number;
  readonly durationMs?: number;
  readonly association?: string;
  readonly world?: string;
  /** File name inside the evidence directory, `<seq>-<actor>-<transaction>-<direction>.<ext>`. */
  readonly file: string;
}

export interface EvidenceSink {
  /**
   * Records one message. The sequence number is taken at call time, so the index keeps the order
   * of the calls; the promise resolves once the body is durable and the entry is acknowledged.
   * It never rejects: a write failure is kept and reported by `close()` and `failures()`.
   */
  record(message: EvidenceMessage): Promise<EvidenceEntry | undefined>;
  /** Acknowledged entries in sequence order. */
  entries(): readonly EvidenceEntry[];
  /** Reads a recorded body back (for validators and reports). */
  read(entry: EvidenceEntry): Promise<Uint8Array>;
  failures(): readonly string[];
  /** Waits for every pending write and persists the index. */
  flush(): Promise<void>;
  /** Flushes; rejects if any message could not be written, naming them. */
  close(): Promise<void>;
}

/** A sink bound to one actor, so actor code does not repeat its own name. */
export type ActorEvidence = {
  record(message: Omit<EvidenceMessage, 'actor'>): Promise<EvidenceEntry | undefined>;
};

export function forActor(sink: EvidenceSink, actor: string): ActorEvidence {
  return { record: (message) => sink.record({ ...message, actor }) };
}
