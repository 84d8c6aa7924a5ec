/**
 * Suite `ncp-a` (issue 5 §4): country A's NCP-A is the system under test; ixh plays country B's
 * NCP (and its systems) and calls the SUT directly with security headers it makes itself. Checked:
 * XCPD answers (OK for a known patient with A as custodian, NF for an unknown one), ITI-38 answers
 * (Success, entries, `home` on every object), ITI-39 and RAD-75 retrieves, and the refusal of every
 * security fault of the exchange issue: unsigned, tampered, expired, wrong audience and foreign-CA
 * assertions (SOAP Sender faults), no consent (4701) and patient mismatch (4206).
 *
 * Audits (GEN-08): after the exchanges, A's Audit Record Repository (simulated by ixh) must hold
 * the SUT's responder records of ITI-55, ITI-38, the ITI-39 export and the RAD-75 transfer. A SUT
 * sends them to the repository's fixed ports in the suite's world (syslog TLS 6514, UDP 5140 on
 * 127.0.0.1: `NCP_A_SUITE_AUDIT_PORTS`); the step waits a few seconds for them.
 *
 * The SUT must serve the fixtures' patients of A (the suite's seed, 1 synthetic patient per
 * country) with consent for `ms-follow-up` only: an ixh world with the suite's world file does.
 * `ixh run --suite ncp-a --sut URL` gives every transaction to that one URL.
 */
import { imagingRequestFromKos, slotOf, uniqueIdOf } from '../../simulators/consumer/ncp-b-client.ts';
import type { EvidenceSink } from '../../simulators/evidence/evidence.ts';
import { buildImagingRetrieveRequest, RAD75_ACTION } from '../../simulators/imaging-source/rad69-messages.ts';
import { XcaAction } from '../../simulators/ncp/xca-actions.ts';
import { buildPatientDiscoveryQuery, readPatientDiscoveryResponse, XCPD_ACTION } from '../../simulators/ncp/xcpd/index.ts';
import { readRegistryObjectList, type ExtrinsicObject } from '../../simulators/registry/ebrim-model.ts';
import { readRegistryResponse } from '../../simulators/registry/registry-response.ts';
import { readRetrieveDocumentSetResponse } from '../../simulators/registry/retrieve-response.ts';
import { Status, StoredQuery } from '../../simulators/registry/xds-constants.ts';
import { list, retrieveRequest, storedQuery } from '../../simulators/registry/xds-requests.ts';
import { NS } from '../../simulators/soap/namespaces.ts';
import { callSoap, type SoapAnswer } from '../../simulators/soap/soap-client.ts';
import { element } from '../../simulators/soap/xml-tree.ts';
import type { XmlOut } from '../../simulators/soap/xml-write.ts';
import type { CountryCode } from '../../simulators/world/world-config.ts';
import type { WorldFile } from '../../simulators/world/world-schema.ts';
import { defineScenario, type ScenarioDefinition, type Step, type StepContext } from '../scenario.ts';
import { cx, isCdaReport, isManifest, nationalIdOf, studyUidOf } from '../steps/lookup.ts';
import { withCountry } from '../steps/world-file.ts';
import { expectAudited } from '../../validators/audit/index.ts';
import { suiteSecurity, type HeaderKind } from './suite-security.ts';

const ID = 'ncp-a';
/** Where a SUT in A's seat sends its audit messages (RFC 5425 TLS, RFC 5426 UDP). */
export const NCP_A_SUITE_AUDIT_PORTS = { tlsPort: 6514, udpPort: 5140 } as const;
/** How long the SUT's audit messages may take to arrive after the last exchange. */
const AUDIT_WAIT_MS = 5_000;
/** Country A (the SUT's seat) and B (ixh). */
export const NCP_A_SUITE_COUNTRIES = { a: 'NL', b: 'CZ' } as const satisfies Record<string, CountryCode>;
const A = NCP_A_SUITE_COUNTRIES.a;
const PATIENT = 'ms-follow-up';
const BUDGET_MS = 10_000;
/** Evidence actor of ixh playing country B's NCP. */
const ACTOR = 'ncp-b-suite';
const UNKNOWN_ID = '000000000';

interface Target {
  readonly xcpd: string;
  readonly xca: string;
  readonly xcai: string;
  readonly home: string;
}

function target(ctx: StepContext): Target {
  const a = ctx.country(A);
  if (!a.ncpA) throw new Error(`${A} has no NCP-A to test`);
  return { ...a.ncpA, home: a.config.homeCommunityId };
}

const consented = (ctx: StepContext): string => cx(nationalIdOf(ctx, PATIENT));
/** A patient of A without consent: the world's synthetic patient. */
function withoutConsent(ctx: StepContext): string {
  const p = ctx.fixtures.patients.find((x) => x.country === A && x.key !== PATIENT);
  if (!p) throw new Error(`the world has no second patient of ${A} (the suite needs patients: 1)`);
  const scheme = ctx.fixtures.countries.find((c) => c.code === A)!.nationalIdScheme;
  return cx({ root: scheme.oid, extension: p.nationalId });
}

/**
 * One call to the SUT. A SUT that cannot be reached (refused, timed out, not SOAP) fails
 * `ncp-a.reachable` — it is the system under test that broke, not the harness — and the call reads
 * as a fault `ixh:Unreachable`, so the step's own checks fail too.
 */
async function send(ctx: StepContext, url: string, action: string, transaction: string, body: XmlOut, security: XmlOut): Promise<SoapAnswer> {
  let answer: SoapAnswer;
  try {
    answer = await callSoap({ url, action, body, headers: [security], timeoutMs: BUDGET_MS, evidence: { sink: ctx.evidence as EvidenceSink, actor: ACTOR, transaction } });
  } catch (err) {
    const reason = (err as Error).message;
    ctx.expect(false, `${ID}.reachable`, `NCP-A answers ${transaction} at ${url}`, { actual: reason });
    return { httpStatus: 0, attachments: new Map(), fault: { code: 'ixh:Unreachable', reason } } as unknown as SoapAnswer;
  }
  ctx.addBytes(answer.attachments.size > 0 ? [...answer.attachments.values()].reduce((n, p) => n + p.body.byteLength, 0) : 0);
  return answer;
}

const findDocuments = (patientId: string, home: string): XmlOut => storedQuery(StoredQuery.findDocuments, { $XDSDocumentEntryPatientId: `'${patientId}'`, $XDSDocumentEntryStatus: list(Status.approved) }, 'LeafClass', home);

function registryAnswer(answer: SoapAnswer): { status: string; codes: string[]; entries: ExtrinsicObject[] } {
  if (answer.fault) return { status: `fault ${answer.fault.code}${answer.fault.subcode ? `/${answer.fault.subcode}` : ''}`, codes: [], entries: [] };
  const { status, errors } = readRegistryResponse(answer.envelope.body);
  const objects = element(answer.envelope.body, NS.rim, 'RegistryObjectList');
  const entries = (objects ? readRegistryObjectList(objects) : []).filter((o): o is ExtrinsicObject => o.type === 'ExtrinsicObject');
  return { status: status.split(':').pop() ?? status, codes: errors.map((e) => e.errorCode), entries };
}

const describe = (a: ReturnType<typeof registryAnswer>): string => `${a.status}${a.codes.length ? ` [${a.codes.join(', ')}]` : ''}, ${a.entries.length} entries`;

/** A request with a bad token must be refused with a SOAP Sender fault, before anything is listed. */
function refuseToken(kind: Exclude<HeaderKind, 'good'>, title: string, patient: (ctx: StepContext) => string = consented): Step {
  const id = `refuse-${kind}`;
  return {
    id,
    title: `Refuses ${title} (ITI-38 → SOAP Sender fault)`,
    actor: `${A} NCP-A (SUT)`,
    transactions: ['ITI-38'],
    requirements: ['GEN-08', 'GEN-10', 'GEN-11'],
    budgetMs: BUDGET_MS,
    async run(ctx) {
      const t = target(ctx);
      const answer = await send(ctx, t.xca, XcaAction.crossGatewayQuery, 'ITI-38', findDocuments(patient(ctx), t.home), await suiteSecurity().header(kind, patient(ctx)));
      const read = registryAnswer(answer);
      ctx.expect(answer.fault?.code === 'env:Sender', `${ID}.${id}.refused`, `NCP-A refuses ${title} with a SOAP Sender fault`, { expected: 'env:Sender fault', actual: describe(read) });
      ctx.expect(read.entries.length === 0, `${ID}.${id}.nothing-listed`, 'no document is listed', { actual: `${read.entries.length} entries` });
      if (answer.fault) ctx.note(`${answer.fault.code}/${answer.fault.subcode ?? '-'}: ${answer.fault.reason}`);
    },
  };
}

/** A policy refusal: a normal ITI-38 answer Failure carrying the eHDSI code. */
function refusePolicy(id: string, title: string, code: string, query: (ctx: StepContext) => string, trcFor: (ctx: StepContext) => string): Step {
  return {
    id,
    title: `Refuses ${title} (ITI-38 → Failure ${code})`,
    actor: `${A} NCP-A (SUT)`,
    transactions: ['ITI-38'],
    requirements: ['GEN-08', 'GEN-10', 'GEN-11'],
    budgetMs: BUDGET_MS,
    async run(ctx) {
      const t = target(ctx);
      const read = registryAnswer(await send(ctx, t.xca, XcaAction.crossGatewayQuery, 'ITI-38', findDocuments(query(ctx), t.home), await suiteSecurity().header('good', trcFor(ctx))));
      ctx.expect(read.status === 'Failure' && read.codes.includes(code), `${ID}.${id}.${code}`, `NCP-A refuses ${title} with eHDSI ${code}`, { expected: `Failure [${code}]`, actual: describe(read) });
      ctx.expect(read.entries.length === 0, `${ID}.${id}.nothing-listed`, 'no document is listed', { actual: `${read.entries.length} entries` });
    },
  };
}

export const ncpASuite: ScenarioDefinition = defineScenario({
  id: ID,
  title: `NCP-A suite: ${A}'s responding NCP under test, ixh plays ${NCP_A_SUITE_COUNTRIES.b}'s NCP`,
  priority: 1,
  requirements: ['GEN-01', 'GEN-02', 'GEN-05', 'GEN-08', 'GEN-11'],
  world: {
    countries: [NCP_A_SUITE_COUNTRIES.b, A],
    treating: NCP_A_SUITE_COUNTRIES.b,
    configure: (file) => withCountry({ ...file, patients: 1 }, A, (c) => ({ ...c, consent: [PATIENT] })),
  },
  steps: [
    {
      id: 'xcpd',
      title: 'XCPD: OK for a known patient (custodian A), NF for an unknown one',
      actor: `${A} NCP-A (SUT)`,
      transactions: ['ITI-55'],
      requirements: ['GEN-01'],
      budgetMs: BUDGET_MS,
      async run(ctx) {
        const t = target(ctx);
        const id = nationalIdOf(ctx, PATIENT);
        const security = await suiteSecurity().header('good');
        const ask = async (extension: string) => {
          const query = buildPatientDiscoveryQuery({ messageId: { root: '2.25.5', extension: `suite-${extension}-${Date.now()}` }, creationTime: new Date().toISOString().replace(/\D/g, '').slice(0, 14), sender: { deviceOid: '2.25.5.1' }, receiver: { deviceOid: '2.25.5.2' }, livingSubjectIds: [{ root: id.root, extension }] });
          const answer = await send(ctx, t.xcpd, XCPD_ACTION, 'ITI-55', query, security);
          if (answer.fault) return { queryResponseCode: `fault ${answer.fault.code}`, patients: [] as { custodian?: { homeCommunityId: string } }[] };
          return readPatientDiscoveryResponse(answer.envelope.body);
        };
        const found = await ask(id.extension);
        ctx.expect(found.queryResponseCode === 'OK' && found.patients.length === 1, `${ID}.xcpd.ok`, `NCP-A finds ${PATIENT} once`, { expected: 'OK, 1 patient', actual: `${found.queryResponseCode}, ${found.patients.length} patient(s)` });
        const custodian = found.patients[0]?.custodian?.homeCommunityId;
        ctx.expect(found.patients.length === 0 || custodian === t.home, `${ID}.xcpd.custodian`, 'the custodian is A\'s community', { expected: t.home, actual: custodian ?? '(none)' });
        const unknown = await ask(UNKNOWN_ID);
        ctx.expect(unknown.queryResponseCode === 'NF' && unknown.patients.length === 0, `${ID}.xcpd.nf`, 'NCP-A answers NF for a national id nobody has', { expected: 'NF, 0 patients', actual: `${unknown.queryResponseCode}, ${unknown.patients.length} patient(s)` });
      },
    },
    {
      id: 'query',
      title: 'ITI-38 FindDocuments: Success, entries, home on every object',
      actor: `${A} NCP-A (SUT)`,
      transactions: ['ITI-38'],
      requirements: ['GEN-02'],
      budgetMs: BUDGET_MS,
      async run(ctx) {
        const t = target(ctx);
        const read = registryAnswer(await send(ctx, t.xca, XcaAction.crossGatewayQuery, 'ITI-38', findDocuments(consented(ctx), t.home), await suiteSecurity().header('good', consented(ctx))));
        ctx.expect(read.status === 'Success', `${ID}.query.success`, 'ITI-38 answers Success', { expected: 'Success', actual: describe(read) });
        ctx.expect(read.entries.some(isManifest), `${ID}.query.entries`, 'the patient\'s imaging manifests are listed', { actual: describe(read) });
        const unhomed = read.entries.filter((e) => e.home !== t.home);
        ctx.expect(unhomed.length === 0, `${ID}.query.home`, 'every ExtrinsicObject carries home = A\'s community (ITI TF-2 §3.38.4.1.3)', { expected: t.home, actual: `${unhomed.length} of ${read.entries.length} without it (e.g. ${unhomed[0]?.home ?? '(none)'})` });
        ctx.state.set('entries', read.entries);
        ctx.note(describe(read));
      },
    },
    {
      id: 'retrieve',
      title: 'ITI-39: a manifest and its report retrieved',
      actor: `${A} NCP-A (SUT)`,
      transactions: ['ITI-39'],
      requirements: ['GEN-02'],
      budgetMs: BUDGET_MS,
      async run(ctx) {
        const t = target(ctx);
        const entries = (ctx.state.get('entries') as ExtrinsicObject[] | undefined) ?? [];
        const manifest = entries.find((e) => isManifest(e) && entries.some((r) => isCdaReport(r) && studyUidOf(r) === studyUidOf(e)));
        if (!ctx.expect(manifest !== undefined, `${ID}.retrieve.listed`, 'a manifest with a report was listed')) return;
        const report = entries.find((r) => isCdaReport(r) && studyUidOf(r) === studyUidOf(manifest!))!;
        const wanted = [manifest!, report].map((e) => ({ homeCommunityId: t.home, repositoryUniqueId: slotOf(e, 'repositoryUniqueId') ?? '', documentUniqueId: uniqueIdOf(e) }));
        const answer = await send(ctx, t.xca, XcaAction.crossGatewayRetrieve, 'ITI-39', retrieveRequest(wanted), await suiteSecurity().header('good', consented(ctx)));
        if (!ctx.expect(answer.fault === undefined, `${ID}.retrieve.success`, 'ITI-39 answers Success', { actual: `fault ${answer.fault?.code} ${answer.fault?.reason}` })) return;
        const got = readRetrieveDocumentSetResponse(answer.envelope.body, answer.attachments);
        ctx.expect(got.status === 'Success', `${ID}.retrieve.success`, 'ITI-39 answers Success', { actual: got.status });
        const kos = got.documents.find((d) => d.documentUniqueId === uniqueIdOf(manifest!));
        ctx.expect(kos !== undefined && got.documents.some((d) => d.documentUniqueId === uniqueIdOf(report)), `${ID}.retrieve.documents`, 'the manifest and the report are returned', { actual: `${got.documents.length} documents` });
        if (kos) ctx.state.set('kos', kos.bytes);
      },
    },
    {
      id: 'retrieve-images',
      title: 'RAD-75: every instance the manifest references',
      actor: `${A} NCP-A (SUT)`,
      transactions: ['RAD-75'],
      requirements: ['GEN-05'],
      budgetMs: BUDGET_MS,
      async run(ctx) {
        const t = target(ctx);
        const kos = ctx.state.get('kos') as Uint8Array | undefined;
        if (!ctx.expect(kos !== undefined, `${ID}.retrieve-images.manifest`, 'a manifest was retrieved before')) return;
        const request = imagingRequestFromKos(kos!, t.home);
        const wanted = request.studies.flatMap((s) => s.series.flatMap((x) => x.documents.map((d) => d.documentUniqueId)));
        const answer = await send(ctx, t.xcai, RAD75_ACTION, 'RAD-75', buildImagingRetrieveRequest(request), await suiteSecurity().header('good', consented(ctx)));
        if (!ctx.expect(answer.fault === undefined, `${ID}.retrieve-images.success`, 'RAD-75 answers Success', { actual: `fault ${answer.fault?.code} ${answer.fault?.reason}` })) return;
        const got = readRetrieveDocumentSetResponse(answer.envelope.body, answer.attachments);
        ctx.expect(got.status === 'Success', `${ID}.retrieve-images.success`, 'RAD-75 answers Success', { actual: got.status });
        const have = new Set(got.documents.map((d) => d.documentUniqueId));
        const missing = wanted.filter((uid) => !have.has(uid));
        ctx.expect(wanted.length > 0 && missing.length === 0, `${ID}.retrieve-images.complete`, 'every referenced instance is returned', { expected: `${wanted.length} instances`, actual: `${missing.length} missing` });
        ctx.note(`${got.documents.length}/${wanted.length} instances`);
      },
    },
    refuseToken('unsigned', 'unsigned assertions'),
    refuseToken('tampered', 'a TRC tampered after signing (TREATMENT → EMERGENCY)', withoutConsent),
    refuseToken('expired', 'expired assertions'),
    refuseToken('wrong-audience', 'assertions for another audience'),
    refuseToken('foreign-ca', 'assertions signed by a CA it does not trust'),
    refusePolicy('refuse-no-consent', 'a patient without consent', '4701', withoutConsent, withoutConsent),
    refusePolicy('refuse-patient-mismatch', 'a TRC for another patient', '4206', withoutConsent, consented),
    {
      id: 'audits',
      title: 'A\'s audit record repository holds the SUT\'s records of ITI-55, ITI-38, the ITI-39 export and the RAD-75 transfer',
      actor: `${A} NCP-A (SUT)`,
      transactions: ['ITI-20'],
      requirements: ['GEN-08'],
      budgetMs: AUDIT_WAIT_MS + 5_000,
      async run(ctx) {
        const country = ctx.country(A);
        if (!country.auditRepository) throw new Error(`${A} has no simulated audit record repository for the SUT to audit to`);
        await country.flushAudits();
        const since = new Date(ctx.runStartedAt).toISOString();
        const expectations = [
          { transaction: 'ITI-55', side: 'responder', event: 'query' },
          { transaction: 'ITI-38', side: 'responder', event: 'query' },
          { transaction: 'ITI-39', side: 'responder', event: 'export' },
          { transaction: 'RAD-75', side: 'responder', event: 'transfer' },
        ] as const;
        const missing = () => expectations.filter((e) => expectAudited(country.audits().filter((r) => r.receivedAt >= since), e).some((f) => f.ruleId === 'audit.missing'));
        // A SUT audits asynchronously (ATNA: fire and forget): give it a moment before judging
        // (ixh's own NCP-A has just been flushed).
        const deadline = Date.now() + (country.config.ncpResponding.kind === 'sut' ? AUDIT_WAIT_MS : 0);
        while (missing().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        const records = country.audits().filter((r) => r.receivedAt >= since);
        for (const e of expectations) ctx.validate({ findings: expectAudited(records, e, `${A} audit record repository`), harnessErrors: [], rulesRun: [] });
        ctx.note(`${records.length} audit records received from the SUT's side`);
      },
    },
  ],
});

/** The suite with country A's NCP-A replaced by the system under test at `url`. */
export function ncpASuiteWorld(url: string): (file: WorldFile) => WorldFile {
  return (file) => withCountry(file, A, (c) => ({ ...c, ncpResponding: { sut: { url } }, auditRepository: { ...NCP_A_SUITE_AUDIT_PORTS } }));
}
