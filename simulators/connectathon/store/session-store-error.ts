/**
 * Why the session store refused a call: bad input from a vendor or a caller, an unknown or
 * closed session, or a store file it cannot use. The message says which, in words a dashboard
 * can show; the store never crashes on what it is given.
 */
export class SessionStoreError extends Error {
  override readonly name = 'SessionStoreError';
}
