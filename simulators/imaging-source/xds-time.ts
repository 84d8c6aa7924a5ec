/**
 * XDS times are UTC `YYYYMMDDhhmmss` (ITI TF-3 4.2.3.1.5, DTM). DICOM dates and times are local
 * to the acquiring site without an offset, so the builders take the site's IANA time zone and
 * convert with the runtime's tz database: deterministic, no clock read.
 */

const DA = /^(\d{4})(\d{2})(\d{2})$/;
const TM = /^(\d{2})(\d{2})?(\d{2})?(\.\d{1,6})?$/;

interface Fields { y: number; mo: number; d: number; h: number; mi: number; s: number }

function parseLocal(date: string, time: string): Fields {
  const dm = DA.exec(date);
  const tm = TM.exec(time);
  if (!dm || !tm) throw new Error(`not a DICOM DA/TM pair: "${date}" "${time}"`);
  const f = { y: +dm[1]!, mo: +dm[2]!, d: +dm[3]!, h: +tm[1]!, mi: +(tm[2] ?? 0), s: +(tm[3] ?? 0) };
  if (f.mo < 1 || f.mo > 12 || f.d < 1 || f.d > 31 || f.h > 23 || f.mi > 59 || f.s > 60) throw new Error(`date/time out of range: ${date} ${time}`);
  return f;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of `timeZone` from UTC at instant `utcMs`, in milliseconds. */
function offsetMs(utcMs: number, timeZone: string): number {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(utcMs)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** DICOM local DA + TM at `timeZone` → XDS UTC `YYYYMMDDhhmmss`. Fractions of a second are dropped. */
export function localToXdsUtc(date: string, time: string, timeZone: string): string {
  const f = parseLocal(date, time);
  const wall = Date.UTC(f.y, f.mo - 1, f.d, f.h, f.mi, f.s);
  // Two passes settle the offset across a DST change; a wall time in the spring gap maps forward.
  let utc = wall - offsetMs(wall, timeZone);
  utc = wall - offsetMs(utc, timeZone);
  return xdsUtc(new Date(utc));
}

/** A Date → XDS UTC `YYYYMMDDhhmmss` (for callers that hold an instant, e.g. a submission time). */
export function xdsUtc(instant: Date): string {
  return instant.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** `YYYYMMDDHHMMSS` local (the world model's report time) split into DA and TM. */
export function splitDateTime(dateTime: string): { date: string; time: string } {
  if (!/^\d{14}$/.test(dateTime)) throw new Error(`not YYYYMMDDHHMMSS: "${dateTime}"`);
  return { date: dateTime.slice(0, 8), time: dateTime.slice(8) };
}
