import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeCtFiles } from '../simulators/dimse/test-ct-files.ts';
import { measureStrokePush, renderStrokePush } from './stroke-push.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ixh-bench-push-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('stroke push bench', () => {
  it('measures a push through both gateways against the link\'s physical time and renders it', async () => {
    await mkdir(join(dir, 'in'));
    const written = await writeCtFiles(join(dir, 'in'), 8, { size: 128 });
    const files = written.map((f) => f.path);
    let bytes = 0;
    for (const f of files) bytes += (await stat(f)).size;
    // 8 × ~33 kB at 8 Mbit/s ≈ 260 ms, plus 2 round trips of 10 ms.
    const push = await measureStrokePush({ series: { dir: join(dir, 'in'), files, bytes }, workDir: join(dir, 'work'), link: { latencyMs: 5, bandwidthKbps: 8_000 }, log: () => {} });
    expect(push.instances).toBe(8);
    expect(push.notice).toBe('imported, 8/8 images');
    expect(push.wholeStudyMs).toBeGreaterThanOrEqual(push.physicalMs * 0.9);
    expect(push.firstImageMs).toBeLessThan(push.wholeStudyMs);
    const text = renderStrokePush(push).join('\n');
    expect(text).toMatch(/^## Stroke push \(UC-543\)/);
    expect(text).toContain('imported, 8/8 images');
  });
});
