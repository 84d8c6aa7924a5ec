/**
 * Lanes of a sequence diagram, grouped by country: the treating country (where the hospital
 * asks) on the left with its NCP nearest the border, the other countries to the right with their
 * NCP nearest the border, peers no actor recorded at the far right unless their AE title names a
 * country of the scenario.
 */
import { PEER_LANE_PREFIX } from './exchanges.ts';

export interface Lane {
  readonly id: string;
  readonly label: string;
  /** Country code, or '' for the group of unplaced peers. */
  readonly country: string;
}

export interface LaneGroup {
  readonly country: string;
  readonly lanes: readonly Lane[];
}

/** The local hospital system the scenario drives (recorded as "consumer"). */
const CONSUMER = 'consumer';
const BORDER_ACTOR = /(^|\.)(ncp-[ab]|push-gateway|gateway)$/;

export function laneOf(id: string, treating: string, countries: readonly string[]): Lane {
  if (id === CONSUMER) return { id, label: 'hospital', country: treating };
  if (id.startsWith(PEER_LANE_PREFIX)) {
    const label = id.slice(PEER_LANE_PREFIX.length);
    // AE titles like AT_MODALITY or IXH_CZ_PUSH name their country; a host:port names none.
    const named = countries.find((c) => new RegExp(`(^|_)${c}(_|$)`).test(label));
    return { id, label, country: named ?? '' };
  }
  const dot = /^([A-Z]{2})\.(.+)$/.exec(id);
  if (dot) return { id, label: dot[2]!, country: dot[1]! };
  return { id, label: id, country: '' };
}

/** Groups the lanes in drawing order; `ids` in order of first appearance. */
export function laneGroups(ids: readonly string[], treating: string, countries: readonly string[]): LaneGroup[] {
  const lanes = [...new Set(ids)].map((id) => laneOf(id, treating, countries));
  const seen = [...new Set(lanes.map((l) => l.country))];
  const order = [treating, ...countries.filter((c) => c !== treating), ...seen.filter((c) => c !== '' && c !== treating && !countries.includes(c)).sort(), ''];
  return order
    .map((country) => ({ country, lanes: sortLanes(lanes.filter((l) => l.country === country), country === treating) }))
    .filter((g) => g.lanes.length > 0);
}

function sortLanes(lanes: readonly Lane[], treating: boolean): Lane[] {
  const rank = (lane: Lane): number => {
    if (lane.id === CONSUMER) return 0;
    const border = BORDER_ACTOR.test(lane.id);
    if (treating) return border ? 2 : 1;
    return border ? 0 : 1;
  };
  // Stable: lanes of equal rank keep their order of first appearance.
  return lanes.map((lane, i) => ({ lane, i })).sort((a, b) => rank(a.lane) - rank(b.lane) || a.i - b.i).map((x) => x.lane);
}
