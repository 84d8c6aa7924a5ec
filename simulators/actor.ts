/**
 * A simulated actor: something that speaks a protocol on the wire (PACS, registry, gateway).
 * Actors record evidence and behave (conformant or a named fault); they never judge.
 */
export interface Actor {
  /** Short stable name used in evidence file names, e.g. "pacs". */
  readonly name: string;
  /** Resolves once the actor listens; calling it again is harmless. */
  start(): Promise<void>;
  /** Resolves once every socket is closed; calling it again is harmless. */
  stop(): Promise<void>;
  /** Where peers reach it, once started. */
  readonly address: ActorAddress;
}

export interface ActorAddress {
  readonly host: string;
  readonly port: number;
  /** DICOM AE title, for DIMSE actors. */
  readonly aeTitle?: string;
}
