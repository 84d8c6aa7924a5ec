import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import { promisify } from 'node:util';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { entriesOf, tarChunks, ustarHeader } from './ustar.ts';

const run = promisify(execFile);
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-ustar-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('writes an archive that tar extracts byte for byte, with sizes on and off the block boundary and a nested name', async () => {
  const src = join(dir, 'src');
  await mkdir(join(src, 'sub'), { recursive: true });
  const files: Record<string, Buffer> = { 'empty.txt': Buffer.alloc(0), 'block.bin': Buffer.alloc(512, 7), 'odd.xml': Buffer.from('<a>é</a>\n'), 'sub/deep.dcm': Buffer.alloc(70_001, 3) };
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(src, name), bytes);
  const tar = join(dir, 'out.tar');
  await pipeline(Readable.from(tarChunks(entriesOf(src, 'bundle', Object.keys(files)))), createWriteStream(tar));
  const out = join(dir, 'out');
  await mkdir(out);
  await run('tar', ['-xf', tar, '-C', out]);
  for (const [name, bytes] of Object.entries(files)) expect((await readFile(join(out, 'bundle', name))).equals(bytes)).toBe(true);
});

it('puts a long path into the prefix field and refuses one ustar cannot hold', () => {
  const long = `${'d'.repeat(120)}/file.txt`;
  const header = ustarHeader(long, 1, false, 0);
  expect(header.subarray(345, 465).toString('utf8').replace(/\0+$/, '')).toBe('d'.repeat(120));
  expect(() => ustarHeader('x'.repeat(300), 1, false, 0)).toThrow(/too long/);
});
