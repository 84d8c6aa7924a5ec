/** Resolves on the first SIGINT or SIGTERM: long-running `ixh serve` commands stop cleanly on either. */
export function untilStopSignal(): Promise<void> {
  return new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
