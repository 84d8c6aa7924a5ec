/**
 * UC-543-STROKE: a mobile CT in Austria pushes a head CT (the `ct-dose` patient's CT, the
 * fixtures' CT study) "as fast as possible" to the stroke unit in Czechia: modality → AT's NCP
 * push gateway → emulated mobile uplink (20 Mbit/s, 40 ms round trip) → CZ's push gateway →
 * CZ's PACS, instance by instance, then an arrival notice for the specialist (GEN-12).
 * SLA: first image ≤ 10 s; whole study ≤ physical time over the uplink × 1.5 + 5 s.
 *
 * Variants: `slow-link` (AT's link at 200 kbit/s) must breach the whole-study SLA
 * (`scenario.sla.budget`); `aborted-mid-transfer` (CZ's PACS aborts after 2 instances per
 * association) must fail the completeness check — a partial study is never reported complete.
 */
import { expectPushArrival, expectWholeStudy, MOBILE_UPLINK, startPush, type PushRoute } from './steps/push-study.ts';
import { withCountry, withPacsFault } from './steps/world-file.ts';
import { defineScenario } from './scenario.ts';

const ID = 'stroke-push';
const ROUTE: PushRoute = { scenario: ID, patient: 'ct-dose', modality: 'CT', from: 'AT', to: 'CZ' };

export const strokePush = defineScenario({
  id: ID,
  title: 'Stroke: a mobile CT pushes a head CT across the border to the stroke unit, with an arrival notice',
  priority: 1,
  requirements: ['UC-543', 'UC-543-STROKE', 'GEN-12', 'RISK-DELAY'],
  world: {
    countries: ['CZ', 'AT'],
    treating: 'CZ',
    // AT's link is the mobile uplink: 20 Mbit/s, 20 ms one way (40 ms round trip).
    configure: (file) => withCountry(file, 'AT', (at) => ({ ...at, link: { ...at.link, latencyMs: MOBILE_UPLINK.latencyMs, bandwidthKbps: MOBILE_UPLINK.bandwidthKbps! } })),
  },
  steps: [
    startPush(ROUTE, { requirements: ['UC-543', 'UC-543-STROKE'] }),
    expectWholeStudy(ROUTE, { requirements: ['UC-543-STROKE', 'RISK-DELAY'] }),
    expectPushArrival(ROUTE, { requirements: ['UC-543-STROKE', 'GEN-12'] }),
  ],
  variants: [
    {
      id: 'slow-link',
      title: 'AT\'s uplink gives 200 kbit/s: the whole study misses its SLA',
      requirements: ['RISK-DELAY'],
      world: (file) => withCountry(file, 'AT', (at) => ({ ...at, link: { ...at.link, bandwidthKbps: 200 } })),
      expectFailure: { ruleId: 'scenario.sla.budget', stepId: 'whole-study' },
    },
    {
      id: 'aborted-mid-transfer',
      title: 'CZ\'s PACS aborts the association after 2 instances: the study is incomplete',
      requirements: ['UC-543'],
      world: (file) => withCountry(file, 'CZ', (cz) => withPacsFault(cz, 'abort-after:2')),
      expectFailure: { ruleId: `${ID}.whole-study.complete`, stepId: 'whole-study' },
    },
  ],
});
