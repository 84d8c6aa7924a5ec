/**
 * A small synthetic RunReport for the renderer's tests: CZ treats, NL answers; one passing
 * step (XCPD through both NCPs, recorded by caller and callee), one failing step (an XCA query
 * answered with a SOAP fault, with an error finding) and a DICOM import (3 C-STOREs).
 */
import type { ScenarioRun, StepRun } from '../../scenarios/scenario.ts';
import type { Finding } from '../../validators/finding.ts';
import { type ReportMessage, type RunReport, requirementCoverage, summarize } from '../run-model.ts';

const T0 = Date.parse('2026-01-01T10:00:00.000Z');

let seq = 0;
function msg(step: string, ms: number, m: Partial<ReportMessage> & Pick<ReportMessage, 'actor' | 'peer' | 'transaction' | 'direction'>): ReportMessage {
  seq++;
  return { seq, time: new Date(T0 + ms).toISOString(), bytes: 100, file: `${String(seq).padStart(6, '0')}-${m.actor}-${m.transaction}-${m.direction}.xml`, step, ...m };
}

function associate(step: string, ms: number, actor: string, peer: string, association: string, local: string): ReportMessage[] {
  const [ae, hostPort] = local.split('@') as [string, string];
  const [address, port] = hostPort.split(':') as [string, string];
  const text = JSON.stringify({ side: association.startsWith('req-') ? 'requestor' : 'acceptor', local: { ae, address, port: Number(port) } }, null, 2);
  return [
    msg(step, ms, { actor, peer, transaction: 'A-ASSOCIATE', direction: 'request', association, text, bytes: 700 }),
    msg(step, ms + 1, { actor, peer, transaction: 'A-ASSOCIATE', direction: 'response', status: 'accepted', association, bytes: 700, durationMs: 1 }),
  ];
}

export function testReport(): RunReport {
  seq = 0;
  const S1 = 'demo/main/identify';
  const S2 = 'demo/main/list';
  const S3 = 'demo/main/import';
  const up = 'http://127.0.0.1:4000/ncp/initiating';
  const nl = 'http://127.0.0.1:5000/ncp/responding/xcpd';
  const messages: ReportMessage[] = [
    msg(S1, 0, { actor: 'consumer', peer: up, transaction: 'ITI-55', direction: 'request', bytes: 1766, association: 'urn:uuid:a' }),
    msg(S1, 1, { actor: 'CZ.ncp-b', peer: '127.0.0.1:40001', transaction: 'ITI-55', direction: 'request', bytes: 1766, association: 'ncp-b/req-1' }),
    msg(S1, 2, { actor: 'CZ.ncp-b', peer: nl, transaction: 'ITI-55', direction: 'request', bytes: 9282, association: 'urn:uuid:b' }),
    msg(S1, 3, { actor: 'NL.ncp-a', peer: '127.0.0.1:40002', transaction: 'ITI-55', direction: 'request', bytes: 9282, association: 'ncp-a/req-1' }),
    msg(S1, 50, { actor: 'NL.ncp-a', peer: '127.0.0.1:40002', transaction: 'ITI-55', direction: 'response', status: '200 OK', bytes: 3252, association: 'ncp-a/req-1', durationMs: 0 }),
    msg(S1, 55, { actor: 'CZ.ncp-b', peer: nl, transaction: 'ITI-55', direction: 'response', status: '200', bytes: 3252, association: 'urn:uuid:b', durationMs: 53 }),
    msg(S1, 56, { actor: 'CZ.ncp-b', peer: '127.0.0.1:40001', transaction: 'ITI-55', direction: 'response', status: '200', bytes: 3252, association: 'ncp-b/req-1', durationMs: 0 }),
    msg(S1, 60, { actor: 'consumer', peer: up, transaction: 'ITI-55', direction: 'response', status: '200', bytes: 3252, association: 'urn:uuid:a', durationMs: 60, text: '<Envelope>see http://example.org/x & <b>bold</b></Envelope>' }),
    msg(S2, 100, { actor: 'CZ.ncp-b', peer: 'http://127.0.0.1:5000/ncp/responding/xca', transaction: 'ITI-38', direction: 'request', bytes: 13399, association: 'urn:uuid:c' }),
    msg(S2, 101, { actor: 'NL.ncp-a', peer: '127.0.0.1:40003', transaction: 'ITI-38', direction: 'request', bytes: 13399, association: 'ncp-a/req-2' }),
    msg(S2, 110, { actor: 'NL.ncp-a', peer: '127.0.0.1:40003', transaction: 'ITI-38', direction: 'response', status: '400 Fault:Sender', association: 'ncp-a/req-2', durationMs: 0 }),
    msg(S2, 112, { actor: 'CZ.ncp-b', peer: 'http://127.0.0.1:5000/ncp/responding/xca', transaction: 'ITI-38', direction: 'response', status: '400', association: 'urn:uuid:c', durationMs: 12, text: '<Fault/>' }),
    ...associate(S3, 200, 'CZ.pacs', 'IXH_CZ_NCPB@127.0.0.1:50000', 'acc-1', 'IXH_CZ_PACS@127.0.0.1:104'),
    ...associate(S3, 201, 'CZ.ncp-b', 'IXH_CZ_PACS@127.0.0.1:104', 'req-1', 'IXH_CZ_NCPB@127.0.0.1:50000'),
  ];
  for (let i = 0; i < 3; i++) {
    const t = 210 + i * 10;
    messages.push(msg(S3, t, { actor: 'CZ.ncp-b', peer: 'IXH_CZ_PACS@127.0.0.1:104', transaction: 'C-STORE', direction: 'request', association: 'req-1', bytes: 455 }));
    messages.push(msg(S3, t + 1, { actor: 'CZ.pacs', peer: 'IXH_CZ_NCPB@127.0.0.1:50000', transaction: 'C-STORE', direction: 'request', association: 'acc-1', bytes: 458 }));
    messages.push(msg(S3, t + 2, { actor: 'CZ.pacs', peer: 'IXH_CZ_NCPB@127.0.0.1:50000', transaction: 'C-STORE', direction: 'request', association: 'acc-1', bytes: 24_000, file: `${seq}-x.dcm` }));
    messages.push(msg(S3, t + 3, { actor: 'CZ.pacs', peer: 'IXH_CZ_NCPB@127.0.0.1:50000', transaction: 'C-STORE', direction: 'response', status: '0x0000', association: 'acc-1' }));
    messages.push(msg(S3, t + 4, { actor: 'CZ.ncp-b', peer: 'IXH_CZ_PACS@127.0.0.1:104', transaction: 'C-STORE', direction: 'response', status: '0x0000', association: 'req-1', durationMs: 4 }));
  }
  const finding: Finding = {
    ruleId: 'demo.list.status',
    severity: 'error',
    requirements: ['GEN-02'],
    specRef: 'scenario demo step list',
    subject: 'demo/list',
    path: '',
    message: 'the query answers <Success>',
    expected: 'Success',
    actual: 'Fault',
  };
  const step = (stepId: string, outcome: StepRun['outcome'], ms: number, durationMs: number, evidence: { from: number; to: number }, findings: Finding[] = []): StepRun => ({
    stepId,
    title: `${stepId} step`,
    actor: 'CZ hospital',
    outcome,
    durationMs,
    budgetMs: 100,
    bytes: 0,
    findings,
    notes: [],
    requirements: ['GEN-01'],
    startedAt: new Date(T0 + ms).toISOString(),
    evidence,
  });
  const run: ScenarioRun = {
    scenarioId: 'demo',
    variant: 'main',
    outcome: 'fail',
    steps: [step('identify', 'pass', 0, 61, { from: 0, to: 9 }), step('list', 'fail', 100, 150, { from: 9, to: 13 }, [finding]), step('import', 'pass', 200, 40, { from: 13, to: 100 }), { ...step('later', 'skip', 0, 0, { from: 0, to: 0 }), startedAt: undefined, evidence: undefined } as unknown as StepRun],
    startedAt: new Date(T0).toISOString(),
    durationMs: 260,
    requirements: ['UC-541'],
  };
  return {
    version: 1,
    tool: { name: 'ixh', version: '0.0.0-test' },
    startedAt: new Date(T0).toISOString(),
    finishedAt: new Date(T0 + 300).toISOString(),
    durationMs: 300,
    profile: 'xca-i',
    seed: 7,
    scenarios: [{ id: 'demo', title: 'Demo <scenario>', priority: 1, requirements: ['UC-541'], treating: 'CZ', countries: ['CZ', 'NL'], steps: [], variants: [] }],
    runs: [run],
    messages,
    otherMessages: 5,
    coverage: requirementCoverage([run]),
    summary: summarize([run]),
  };
}
