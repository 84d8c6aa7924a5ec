/**
 * Validates attributed messages after they are acknowledged: the sender never waits for a
 * validator. Jobs run in slices of at most `SLICE_MS` per macrotask (setImmediate), so sockets
 * keep being served between two slices while a busy loop still validates more than one message
 * per turn (one per turn fell seconds behind under load, bench/connectathon-load.ts); the latency
 * from acknowledgement to stored findings is kept for the dashboard and the load bench.
 */
import type { ArtifactKind } from '../../validators/detect-kind.ts';
import type { Finding } from '../../validators/finding.ts';
import type { ValidationProfile } from '../../validators/rule.ts';
import { validateBytes } from '../../validators/validate-file.ts';
import type { StoredFinding, StoredMessage } from './store/session-store.ts';

export type LiveFinding = Omit<StoredFinding, 'sessionId' | 'messageSeq'>;

/** Only bodies a validator family judges; protocol records (A-ASSOCIATE json, MIME outlines) are shown, not judged. */
export function isJudged(format: StoredMessage['format']): boolean {
  return format === 'dcm' || format === 'xml';
}

/** The findings of one body; a rule or family that throws becomes an error finding of the harness, never a silent pass. */
export function judgeBody(bytes: Uint8Array, message: Pick<StoredMessage, 'seq' | 'actor' | 'transaction' | 'direction' | 'format'>, profile: ValidationProfile): { kind?: ArtifactKind; findings: LiveFinding[] } {
  const subjectName = `message ${message.seq} (${message.actor} ${message.transaction} ${message.direction})`;
  try {
    const result = validateBytes(bytes, `message-${message.seq}.${message.format}`, { subjectName, profile });
    const findings: LiveFinding[] = result.run.findings.map(toLive);
    for (const e of result.run.harnessErrors) {
      findings.push({ ruleId: 'harness.rule-threw', severity: 'error', requirements: [], specRef: 'ixh', subject: e.subject, path: '', message: `harness error: rule ${e.ruleId} threw: ${e.message}` });
    }
    return { kind: result.kind, findings };
  } catch (err) {
    return { findings: [{ ruleId: 'harness.validation-threw', severity: 'error', requirements: [], specRef: 'ixh', subject: subjectName, path: '', message: `harness error: validation threw: ${(err as Error).message}` }] };
  }
}

function toLive(f: Finding): LiveFinding {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    requirements: [...f.requirements],
    specRef: f.specRef,
    subject: f.subject,
    path: f.path,
    message: f.message,
    ...(f.expected !== undefined && { expected: f.expected }),
    ...(f.actual !== undefined && { actual: f.actual }),
  };
}

export interface ValidationJob {
  readonly sessionId: string;
  readonly seq: number;
  /** performance.now() when the message was acknowledged (stored). */
  readonly acknowledgedAt: number;
  run(): void;
}

export interface ValidationStats {
  readonly validated: number;
  readonly pending: number;
  /** Of the last `window` validations, in ms from acknowledgement to stored findings. */
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
}

export interface ValidationQueue {
  push(job: ValidationJob): void;
  isPending(sessionId: string, seq: number): boolean;
  stats(): ValidationStats;
  /** Resolves when every queued job has run. */
  idle(): Promise<void>;
  /** Stops taking jobs; the queued ones still run. */
  close(): Promise<void>;
}

/** Longest a validation slice holds the event loop before sockets get their turn. */
const SLICE_MS = 10;

export function createValidationQueue(options: { window?: number; onError?: (err: unknown) => void } = {}): ValidationQueue {
  const window = options.window ?? 10_000;
  const queue: ValidationJob[] = [];
  const pending = new Set<string>();
  const latencies: number[] = [];
  let next = 0;
  let validated = 0;
  let scheduled = false;
  let closed = false;
  let waiters: (() => void)[] = [];

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(step);
  }

  function step(): void {
    scheduled = false;
    const sliceEnds = performance.now() + SLICE_MS;
    do runOne();
    while (queue.length > 0 && performance.now() < sliceEnds);
    if (queue.length > 0) schedule();
    else {
      const done = waiters;
      waiters = [];
      for (const w of done) w();
    }
  }

  function runOne(): void {
    const job = queue.shift();
    if (!job) return;
    try {
      job.run();
    } catch (err) {
      // A job stores findings and publishes; if that breaks the harness broke: said, not swallowed.
      (options.onError ?? ((e: unknown) => process.stderr.write(`connectathon: validation of ${job.sessionId}/${job.seq} failed: ${(e as Error).message}\n`)))(err);
    } finally {
      pending.delete(`${job.sessionId}/${job.seq}`);
      validated++;
      const latency = performance.now() - job.acknowledgedAt;
      if (latencies.length < window) latencies.push(latency);
      else latencies[next] = latency;
      next = (next + 1) % window;
    }
  }

  return {
    push(job) {
      if (closed) throw new Error('the validation queue is closed');
      queue.push(job);
      pending.add(`${job.sessionId}/${job.seq}`);
      schedule();
    },
    isPending: (sessionId, seq) => pending.has(`${sessionId}/${seq}`),
    stats() {
      const sorted = [...latencies].sort((a, b) => a - b);
      const at = (q: number): number => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0);
      return { validated, pending: queue.length, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: sorted.at(-1) ?? 0 };
    },
    idle() {
      if (queue.length === 0 && !scheduled) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    async close() {
      closed = true;
      await this.idle();
    },
  };
}
