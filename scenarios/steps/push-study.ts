/**
 * Steps of a DIMSE push (UC-543) through the NCP push gateways: a modality in the sending country
 * C-STOREs a study to its NCP's push gateway, called with the receiving country's gateway AE;
 * the gateways relay each instance across the emulated link into the receiving PACS, whose NCP-B
 * publishes an arrival notice. `startPush` measures time to first image, `expectWholeStudy` time
 * to the whole study against the link's physical time, `expectPushArrival` the notice.
 */
import { stat } from 'node:fs/promises';
import type { CountryCode, Study } from '../../fixtures/model.ts';
import { associate, type DimseClientAssociation } from '../../simulators/dimse/index.ts';
import { physicalTimeMs } from '../../simulators/link/link-proxy.ts';
import type { LinkProfile } from '../../simulators/link/emulated-link.ts';
import type { Step, StepContext } from '../scenario.ts';

export interface PushRoute {
  readonly scenario: string;
  readonly patient: string;
  readonly modality: string;
  readonly from: CountryCode;
  readonly to: CountryCode;
}

export interface PushState {
  readonly studyInstanceUid: string;
  readonly sopInstanceUids: readonly string[];
  readonly bytes: number;
  readonly startedAt: number;
  /** Settles when the modality's association has ended (released, refused or aborted). */
  readonly sending: Promise<string>;
}

const KEY = 'push';
const POLL_MS = 10;

/** The SLA baseline: the default "mobile uplink" of UC-543 (20 Mbit/s, 40 ms round trip). */
export const MOBILE_UPLINK: LinkProfile = { latencyMs: 20, bandwidthKbps: 20_000 };
/** Whole study ≤ physical time over the mobile uplink × 1.5 + 2 s (association and last response: 2 round trips; the slack absorbs a loaded CI machine). */
export const wholeStudyBudgetMs = (bytes: number): number => Math.round(physicalTimeMs(MOBILE_UPLINK, bytes, 2) * 1.5 + 2_000);

export function pushed(ctx: StepContext): PushState | undefined {
  return ctx.state.get(KEY) as PushState | undefined;
}

function studyOf(ctx: StepContext, route: PushRoute): Study {
  const patient = ctx.patient(route.patient);
  const study = patient.studies.find((s) => s.series.some((se) => se.modality === route.modality));
  if (!study) throw new Error(`patient ${route.patient} has no ${route.modality} study in the fixtures`);
  return study;
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The modality pushes the study; the step ends when the first image is in the receiving PACS. */
export function startPush(route: PushRoute, options: { readonly id?: string; readonly budgetMs?: number; readonly requirements?: readonly string[] } = {}): Step {
  const id = options.id ?? 'first-image';
  return {
    id,
    title: `The ${route.from} modality pushes the ${route.modality} study; the first image reaches ${route.to}'s PACS`,
    actor: `${route.from} modality`,
    transactions: ['C-STORE'],
    requirements: options.requirements ?? ['UC-543'],
    budgetMs: options.budgetMs ?? 10_000,
    async run(ctx) {
      const from = ctx.country(route.from);
      const to = ctx.country(route.to);
      if (!from.push || !to.push) throw new Error(`the push needs a push gateway in ${route.from} and ${route.to}`);
      if (!from.pacs || !to.pacs) throw new Error(`the push needs simulated PACSs in ${route.from} and ${route.to}`);
      const study = studyOf(ctx, route);
      const uids = study.series.flatMap((se) => se.instances.map((i) => i.sopInstanceUid));
      const files = uids.map((uid) => from.pacs!.index.fileOf(uid)?.path);
      if (files.some((f) => f === undefined)) throw new Error(`${route.from}'s PACS lacks instances of study ${study.studyInstanceUid}`);
      const bytes = (await Promise.all(files.map((f) => stat(f!)))).reduce((sum, s) => sum + s.size, 0);
      const classes = [...new Set(study.series.flatMap((se) => se.instances.map((i) => i.sopClassUid)))];
      const startedAt = performance.now();
      let association: DimseClientAssociation | undefined;
      const sending = (async () => {
        association = await associate({ host: from.push!.host, port: from.push!.port, callingAe: `${route.from}_MODALITY`, calledAe: to.push!.aeTitle, contexts: classes.map((abstractSyntax) => ({ abstractSyntax })) });
        const results = await association.storeMany(files as string[]);
        await association.release();
        const refused = results.filter((r) => r.status !== 0x0000);
        return refused.length === 0 ? 'released' : `${refused.length} instance(s) refused`;
      })().catch((err: Error) => {
        association?.abort();
        return `ended: ${err.message}`;
      });
      ctx.state.set(KEY, { studyInstanceUid: study.studyInstanceUid, sopInstanceUids: uids, bytes, startedAt, sending } satisfies PushState);
      ctx.addBytes(bytes);
      // The gateways acknowledge on receipt, so the sender may be done long before the link is:
      // give up only once the sender is done and both gateways have forwarded all they hold.
      let drained = false;
      void sending.then(() => from.push!.gateway.whenIdle()).then(() => to.push!.gateway.whenIdle()).then(() => (drained = true));
      while (!uids.some((uid) => to.pacs!.index.fileOf(uid))) {
        if (drained) break;
        await wait(POLL_MS);
      }
      const first = uids.some((uid) => to.pacs!.index.fileOf(uid));
      ctx.expect(first, `${route.scenario}.${id}.arrived`, `the first image reaches ${route.to}'s PACS`, { requirements: ['UC-543'], actual: first ? 'arrived' : await sending });
      if (first) ctx.note(`first image after ${Math.round(performance.now() - startedAt)} ms; ${uids.length} instances, ${bytes} bytes`);
    },
  };
}

/** Every instance is in the receiving PACS, within the SLA over the mobile uplink. */
export function expectWholeStudy(route: PushRoute, options: { readonly id?: string; readonly budgetMs?: number; readonly requirements?: readonly string[] } = {}): Step {
  const id = options.id ?? 'whole-study';
  return {
    id,
    title: `The whole study is in ${route.to}'s PACS within the SLA (physical time over the mobile uplink × 1.5 + 5 s)`,
    actor: `${route.to} PACS`,
    transactions: ['C-STORE'],
    requirements: options.requirements ?? ['UC-543', 'RISK-DELAY'],
    budgetMs: options.budgetMs ?? 15_000,
    async run(ctx) {
      const push = pushed(ctx);
      if (!ctx.expect(push !== undefined, `${route.scenario}.${id}.pushed`, 'a push was started before')) return;
      const to = ctx.country(route.to);
      // Done when every instance is there, or when the sender is done and both gateways have
      // forwarded all they hold (what is missing then never comes).
      let settled = false;
      void push!.sending.then(() => ctx.country(route.from).push?.gateway.whenIdle()).then(() => to.push?.gateway.whenIdle()).then(() => (settled = true));
      const missing = (): string[] => push!.sopInstanceUids.filter((uid) => !to.pacs!.index.fileOf(uid));
      // The world file's `sla` (as for every step budget) overrides the default.
      const sla = ctx.world.config.sla ?? {};
      const budget = sla[`${route.scenario}.${id}`] ?? sla[id] ?? wholeStudyBudgetMs(push!.bytes);
      const since = (): number => Math.round(performance.now() - push!.startedAt);
      while (missing().length > 0 && !settled && since() <= budget) await wait(POLL_MS);
      const elapsed = since();
      const left = missing().length;
      if (left > 0 && !settled) {
        ctx.expect(false, 'scenario.sla.budget', `the whole study arrives within ${budget} ms of the push start`, { requirements: ['RISK-DELAY'], expected: `≤ ${budget} ms`, actual: `> ${elapsed} ms, ${push!.sopInstanceUids.length - left}/${push!.sopInstanceUids.length} instances so far` });
        return;
      }
      ctx.expect(left === 0, `${route.scenario}.${id}.complete`, `every pushed instance is in ${route.to}'s PACS (a partial study is never complete)`, {
        requirements: ['UC-543'],
        expected: `${push!.sopInstanceUids.length} instances`,
        actual: `${push!.sopInstanceUids.length - left} instances; sender: ${settled ? await push!.sending : 'still sending'}`,
      });
      if (left > 0) return;
      ctx.expect(elapsed <= budget, 'scenario.sla.budget', `the whole study arrives within ${budget} ms of the push start`, { requirements: ['RISK-DELAY'], expected: `≤ ${budget} ms`, actual: `${elapsed} ms` });
      ctx.note(`whole study after ${elapsed} ms (SLA ${budget} ms, physical ${Math.round(physicalTimeMs(MOBILE_UPLINK, push!.bytes, 2))} ms over the mobile uplink)`);
    },
  };
}

/** The receiving NCP-B published an arrival notice naming the study, complete. */
export function expectPushArrival(route: PushRoute, options: { readonly id?: string; readonly budgetMs?: number; readonly requirements?: readonly string[] } = {}): Step {
  const id = options.id ?? 'arrival-notice';
  return {
    id,
    title: `${route.to}'s NCP-B notifies the specialist of the pushed study`,
    actor: `${route.to} NCP-B`,
    requirements: options.requirements ?? ['UC-543', 'GEN-12'],
    budgetMs: options.budgetMs ?? 10_000,
    async run(ctx) {
      const push = pushed(ctx);
      if (!ctx.expect(push !== undefined, `${route.scenario}.${id}.pushed`, 'a push was started before')) return;
      await push!.sending;
      const to = ctx.country(route.to);
      await ctx.country(route.from).push?.gateway.whenIdle();
      await to.push?.gateway.whenIdle();
      const notice = to.ncpB?.arrivals.list().find((n) => n.transaction === 'C-STORE' && n.studyInstanceUids.includes(push!.studyInstanceUid));
      if (!ctx.expect(notice !== undefined, `${route.scenario}.${id}.notice`, 'an arrival notice names the pushed study', { requirements: ['GEN-12'] })) return;
      const expected = push!.sopInstanceUids.length;
      ctx.expect(notice!.state === 'imported' && notice!.counts.imagesStored === expected, `${route.scenario}.${id}.complete`, 'the notice reports the whole study stored', {
        requirements: ['GEN-12'],
        expected: `imported, ${expected}/${expected} images`,
        actual: `${notice!.state}, ${notice!.counts.imagesStored}/${notice!.counts.images} images`,
      });
      ctx.note(`arrival notice: ${notice!.state}, ${notice!.counts.imagesStored}/${notice!.counts.images} images`);
    },
  };
}
