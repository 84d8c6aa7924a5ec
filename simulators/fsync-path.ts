import { open } from 'node:fs/promises';

/**
 * Flushes a file, or a directory's entries (so a create or rename in it survives a power cut),
 * to stable storage.
 */
export async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
