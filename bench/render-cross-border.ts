/** The "Cross-border exchange" section of docs/benchmarks.md. Pure: results in, lines out. */
import type { CrossBorder, ExchangeRun, Latency } from './cross-border.ts';

const f = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const ms = (l: Latency, digits = 0): string => `${f(l.medianMs, digits)} / ${f(l.p95Ms, digits)}`;

export function renderCrossBorder(x: CrossBorder, date: string | undefined): string[] {
  const row = (label: string, cell: (r: ExchangeRun) => string): string => `| ${label} | ${x.runs.map(cell).join(' | ')} |`;
  const mb = x.study.bytes / 1e6;
  const lines = [
    '## Cross-border exchange',
    '',
    `A hospital in CZ drives a world CZ + NL + FR (seed 7, no synthetic patients) through CZ's NCP-B, the way \`simulators/world/start-world.test.ts\` does: every request is signed with eHDSI HCP (+ TRC) assertions by NCP-B and checked by the NCP-A of NL (and FR). The patient is NL's MS follow-up patient (${x.study.studiesOfPatient} MR studies). The three configurations run as three worlds side by side in one process, each step interleaved across them (${x.warmup} warm-up calls, then ${x.rounds} measured rounds; median / p95 in ms)${date ? `; measured ${date}` : ''}.`,
    '',
    `| step (median / p95) | ${x.runs.map((r) => r.label).join(' | ')} |`,
    `|---|${x.runs.map(() => '---:').join('|')}|`,
    row('world start (fixtures cached, studies published), ms', (r) => f(r.startMs, 0)),
    row('XCPD discovery (ITI-55 via NCP-B), ms', (r) => ms(r.discovery)),
    row('ITI-38 FindDocuments @home NL, ms', (r) => ms(r.findHome)),
    row('ITI-38 FindDocuments fan-out (NL + FR), ms', (r) => ms(r.findFanOut)),
    row('ITI-43 retrieve KOS + report, ms', (r) => ms(r.retrieveDocuments)),
    row(`RAD-69 → RAD-75 → RAD-69 retrieve, ${x.study.instances} instances (${f(mb, 2)} MB), ms`, (r) => ms(r.retrieveImages)),
    row('… instances/s (median)', (r) => f(r.retrieveImages.instancesPerS, 0)),
    row('… MB/s (median)', (r) => f(r.retrieveImages.mbPerS, 2)),
    row('import into CZ PACS: RAD-69 answer → `whenIdle()`, ms', (r) => ms(r.importIdle)),
    row('import per arrival notice: `importMs` (of which PACS association + C-STOREs, `pacsMs`), ms', (r) => `${ms(r.importNotice)} (${ms(r.importPacs)})`),
    row('evidence backlog: `flush()` after each call, ms', (r) => ms(r.flush, 1)),
    row('evidence messages recorded (whole run)', (r) => String(r.evidenceMessages)),
    '',
    `Peak RSS of the process (sampled every 50 ms, all three worlds): ${f(x.peakRssMb, 0)} MB.`,
    '',
  ];
  if (x.security) {
    const s = x.security;
    lines.push(
      `Security alone, per call, in process (${s.calls} calls): NCP-B \`securityHeader()\` ${ms(s.headerWithTrc, 2)} ms with a TRC (signed per call; the HCP assertion is signed once and reused: ${ms(s.headerHcpOnly, 3)} ms without a patient); NCP-A \`authorize()\` of HCP + TRC ${ms(s.authorize, 2)} ms (two XML signatures verified).`,
      '',
    );
  }
  lines.push(
    'What this measures and what it does not:',
    '',
    '- Gateway overhead per message: SOAP/XML build and parse, XML signatures, MTOM, evidence, the hops NCP-B → NCP-A → registry / repository / imaging document source, and the C-STORE import. The fixture images are 64×64 (about 10 kB per instance), so MB/s says nothing about bandwidth on real studies.',
    '- No link emulation (`link` is absent: 0 ms latency, unlimited bandwidth) and everything on loopback in one Node process: the actors of all countries share the same two cores and event loop, so a hop costs CPU on the same machine that answers it.',
    '- mTLS: `tls: { mutual: true }` on every HTTP hop (consumer → NCP-B too); `tlsTransport` opens a fresh connection, and so does a full handshake, per call.',
    '- Evidence on disk: the durable recorder (one fsynced file per message, then the index). Calls return before the evidence is durable; the backlog row is the time `flush()` then takes, not counted in the call times. The import row on disk includes the evidence of every C-STORE.',
    '- The import runs after NCP-B has answered (GEN-05/06), so `importMs` starts before the consumer has the answer and can exceed the answer → `whenIdle()` time. The same instances are imported again each round (the PACS replaces them).',
    '',
  );
  return lines;
}
