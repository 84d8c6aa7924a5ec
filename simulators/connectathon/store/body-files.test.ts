import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bodyFilesIn } from './body-files.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ixh-body-files-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('bodyFilesIn', () => {
  it('writes bodies/<session>/<seq> and reads it back; a rewrite of the same seq replaces an orphan', () => {
    const files = bodyFilesIn(root);
    expect(files.write('0123456789abcdef', 7, Buffer.from('first, longer orphan'))).toBe('bodies/0123456789abcdef/7');
    files.write('0123456789abcdef', 7, Buffer.from('second'));
    expect(readFileSync(join(root, 'bodies', '0123456789abcdef', '7'), 'utf8')).toBe('second');
    expect(Buffer.from(files.read('bodies/0123456789abcdef/7')).toString()).toBe('second');
  });

  it('refuses to read outside its bodies directory, and says when a file is missing', () => {
    const files = bodyFilesIn(root);
    expect(() => files.read('../../etc/passwd')).toThrow(/outside/);
    expect(() => files.read('bodies/../sessions.db')).toThrow(/outside/);
    expect(() => files.read('bodies/0123456789abcdef/1')).toThrow(/cannot be read: ENOENT/);
  });
});
