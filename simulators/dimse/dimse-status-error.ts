/**
 * Thrown by a handler to answer a deliberate failure status (e.g. 0xA900 identifier does not
 * match SOP class). Unlike any other throw it is the simulator's intended behaviour, so it goes
 * on the wire as given and is NOT recorded as a harness error.
 */
export class DimseStatusError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'DimseStatusError';
    this.status = status;
  }
}
