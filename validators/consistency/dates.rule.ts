/**
 * The study's start as each artifact states it (MET-07): DICOM StudyDate/StudyTime (local, no
 * offset), the report's study date (ISO 8601, with or without offset) and the metadata's
 * serviceStartTime (UTC). Each becomes an interval of instants at its precision; a local time of
 * unknown zone is widened by ±14 h (the extreme UTC offsets), so the rule only speaks when the
 * statements cannot be the same moment.
 */
import { localToXdsUtc } from '../../simulators/imaging-source/xds-time.ts';
import { slotValue } from '../../simulators/registry/xds-view.ts';
import type { Rule } from '../rule.ts';
import { datasets, entryPlace, instancePlace, MANIFEST, manifestOf, reportPlace, text, type Statement, type StudyArtifacts } from './artifacts.ts';
import { mismatchPath, reference } from './compare.ts';

interface Interval { readonly lo: number; readonly hi: number }
interface DatedStatement extends Statement { readonly interval: Interval }

const HOUR = 3_600_000;
const WIDEST_OFFSET = 14 * HOUR;

const utcMs = (d: string): number =>
  Date.UTC(+d.slice(0, 4), +(d.slice(4, 6) || '01') - 1, +(d.slice(6, 8) || '01'), +(d.slice(8, 10) || '0'), +(d.slice(10, 12) || '0'), +(d.slice(12, 14) || '0'));

/** Length of the span a YYYY[MM[DD[hh[mm[ss]]]]] value denotes. */
function span(digits: string): number {
  if (digits.length >= 14) return 1000;
  if (digits.length >= 12) return 60_000;
  if (digits.length >= 10) return HOUR;
  if (digits.length >= 8) return 24 * HOUR;
  return 31 * 24 * HOUR;
}

/** A local date-time (YYYYMMDD[hhmmss]) as an interval of instants, given a zone or an offset (minutes) if known. */
function localInterval(digits: string, zone: string | undefined, offsetMin: number | undefined): Interval | undefined {
  if (!/^\d{8}(\d{2}){0,3}$/.test(digits)) return undefined;
  const width = span(digits);
  if (offsetMin !== undefined) {
    const lo = utcMs(digits) - offsetMin * 60_000;
    return { lo, hi: lo + width };
  }
  if (zone !== undefined) {
    try {
      const lo = utcMs(localToXdsUtc(digits.slice(0, 8), digits.slice(8).padEnd(6, '0'), zone));
      return { lo, hi: lo + width };
    } catch {
      return undefined;
    }
  }
  const at = utcMs(digits);
  return { lo: at - WIDEST_OFFSET, hi: at + width + WIDEST_OFFSET };
}

function offsetMinutes(v: string | undefined): number | undefined {
  const m = v === undefined ? null : /^([+-])(\d{2}):?(\d{2})$/.exec(v.trim());
  return m ? (m[1] === '-' ? -1 : 1) * (+m[2]! * 60 + +m[3]!) : undefined;
}

function dicomStatement(ds: Record<string, unknown>, place: string, zone: string | undefined): DatedStatement | undefined {
  const date = text(ds, 'StudyDate');
  if (date === undefined) return undefined;
  const time = (text(ds, 'StudyTime') ?? '').split('.')[0]!;
  const digits = `${date}${time}`;
  const interval = localInterval(digits, zone, offsetMinutes(text(ds, 'TimezoneOffsetFromUTC')));
  return interval && { place, where: time ? '(0008,0020)+(0008,0030)' : '(0008,0020)', value: digits, interval };
}

/** ISO 8601 date or date-time, with Z or ±hh:mm, or without offset (then local). */
function isoInterval(iso: string, zone: string | undefined): Interval | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(iso.trim());
  if (!m) return undefined;
  const digits = [m[1], m[2], m[3], m[4], m[5], m[6]].filter((p) => p !== undefined).join('');
  const offset = m[7] === 'Z' ? 0 : offsetMinutes(m[7]);
  return localInterval(digits, zone, offset);
}

export function studyStartStatements(a: StudyArtifacts): DatedStatement[] {
  const out: DatedStatement[] = [];
  datasets(a).forEach((ds, i) => {
    const s = dicomStatement(ds, instancePlace(ds, i), a.timeZone);
    if (s) out.push(s);
  });
  const manifest = manifestOf(a);
  const m = manifest && dicomStatement(manifest, MANIFEST, a.timeZone);
  if (m) out.push(m);
  (a.reports ?? []).forEach((r, i) => {
    const interval = r.studyDate && isoInterval(r.studyDate.value, a.timeZone);
    if (r.studyDate && interval) out.push({ place: reportPlace(r, i), where: r.studyDate.path, value: r.studyDate.value, interval });
  });
  for (const e of a.documentEntries ?? []) {
    const v = slotValue(e, 'serviceStartTime');
    if (v !== undefined && /^\d{4,14}$/.test(v.trim())) {
      const lo = utcMs(v.trim());
      out.push({ place: entryPlace(e), where: 'serviceStartTime', value: v.trim(), interval: { lo, hi: lo + span(v.trim()) } });
    }
  }
  return out;
}

const overlaps = (a: Interval, b: Interval): boolean => a.lo < b.hi && b.lo < a.hi;

export const studyStartAgrees: Rule<StudyArtifacts> = {
  id: 'consistency.study.date',
  title: 'The study start in the instances, the manifest, the reports and the metadata is the same moment',
  severity: 'error',
  requirements: ['MET-07', 'GEN-02'],
  specRef: 'DICOM PS3.3 C.7.2.1 (0008,0020/0030); IHE ITI TF-3 4.2.3.2.19 serviceStartTime',
  *check(a) {
    const statements = studyStartStatements(a);
    const ref = reference(statements) as DatedStatement | undefined;
    if (!ref) return;
    for (const s of statements) {
      if (s === ref || overlaps(s.interval, ref.interval)) continue;
      yield { path: mismatchPath(s, ref), message: `study start "${s.value}" in ${s.place} cannot be "${ref.value}" in ${ref.place}`, expected: ref.value, actual: s.value };
    }
  },
};

export const dateRules = [studyStartAgrees] as const;
