/**
 * Value syntax per VR (PS3.5 §6.2), one value at a time, as written (padding included). Returns
 * what is wrong, or undefined. Severity follows dciodvfy: what it calls "Value invalid for this
 * VR" is an error; a DA with valid characters that is not a calendar date is only a warning here
 * because dciodvfy does not look at the calendar.
 */

export interface VrProblem {
  readonly problem: string;
  readonly severity: 'error' | 'warning';
}

const MAX_LENGTH: Readonly<Record<string, number>> = { AE: 16, CS: 16, SH: 16, LO: 64, ST: 1024, LT: 10240, DS: 16, IS: 12, AS: 4, DA: 8, TM: 14, DT: 26 };

const err = (problem: string): VrProblem => ({ problem, severity: 'error' });

/** Trailing padding is allowed on every text VR; leading spaces are insignificant on these. */
const LEADING_SPACE_OK = new Set(['AE', 'CS', 'DS', 'IS', 'TM', 'DT']);

// Control characters other than ESC are banned from the short strings; ST/LT/UT also allow CR, LF, FF and TAB.
// eslint-disable-next-line no-control-regex
const CONTROL_SHORT = /[\x00-\x1a\x1c-\x1f\x7f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_TEXT = /[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]/;

export function checkVrValue(vr: string, raw: string): VrProblem | undefined {
  let value = raw.replace(/[ \0]+$/, '');
  if (LEADING_SPACE_OK.has(vr)) value = value.replace(/^ +/, '');
  const max = MAX_LENGTH[vr];
  if (max !== undefined && value.length > max) return err(`length ${value.length} exceeds the ${max} allowed for ${vr}`);
  switch (vr) {
    case 'AE':
      return CONTROL_SHORT.test(value) || value.includes('\\') ? err('AE holds a control character or backslash') : undefined;
    case 'AS':
      return value === '' || /^\d{3}[DWMY]$/.test(value) ? undefined : err('AS must be nnnD, nnnW, nnnM or nnnY');
    case 'CS':
      return /^[A-Z0-9 _]*$/.test(value) ? undefined : err('CS allows only upper-case letters, digits, space and underscore');
    case 'DA':
      return checkDate(value);
    case 'TM':
      return value === '' || checkTime(value) ? undefined : err('TM must be HH[MM[SS[.F{1,6}]]] with valid hours, minutes and seconds');
    case 'DT':
      return value === '' || checkDateTime(value) ? undefined : err('DT must be YYYY[MM[DD[HH[MM[SS[.F{1,6}]]]]]][&ZZXX]');
    case 'DS':
      return value === '' || /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value) ? undefined : err('DS must be a decimal number, optionally with an exponent');
    case 'IS': {
      if (value === '') return undefined;
      if (!/^[+-]?\d+$/.test(value)) return err('IS must be an optionally signed integer');
      return Math.abs(Number(value)) > 2 ** 31 - 1 ? err('IS out of range -(2^31-1)..2^31-1') : undefined;
    }
    case 'SH':
    case 'LO':
      return CONTROL_SHORT.test(value) ? err(`${vr} holds a control character other than ESC`) : undefined;
    case 'ST':
    case 'LT':
      return CONTROL_TEXT.test(value) ? err(`${vr} holds a control character not allowed in text`) : undefined;
    case 'PN': {
      const groups = value.split('=');
      if (groups.length > 3) return err('PN has more than three component groups');
      const long = groups.find((g) => g.length > 64);
      if (long !== undefined) return err(`a PN component group is ${long.length} characters, over 64`);
      return groups.some((g) => g.split('^').length > 5) ? err('a PN component group has more than five components') : undefined;
    }
    default:
      return undefined;
  }
}

function checkDate(value: string): VrProblem | undefined {
  if (value === '') return undefined;
  if (!/^\d{8}$/.test(value)) return err('DA must be YYYYMMDD');
  return isCalendarDate(value) ? undefined : { problem: `${value} is not a calendar date`, severity: 'warning' };
}

export function isCalendarDate(yyyymmdd: string): boolean {
  const [y, m, d] = [Number(yyyymmdd.slice(0, 4)), Number(yyyymmdd.slice(4, 6)), Number(yyyymmdd.slice(6, 8))];
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function checkTime(value: string): boolean {
  const m = /^(\d{2})(?:(\d{2})(?:(\d{2})(?:\.\d{1,6})?)?)?$/.exec(value);
  if (!m) return false;
  return Number(m[1]) < 24 && (m[2] === undefined || Number(m[2]) < 60) && (m[3] === undefined || Number(m[3]) < 61);
}

function checkDateTime(value: string): boolean {
  const m = /^(\d{4})(\d{2})?(\d{2})?(\d{2}(?:\d{2}(?:\d{2}(?:\.\d{1,6})?)?)?)?([+-]\d{4})?$/.exec(value);
  if (!m) return false;
  if (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > 12)) return false;
  if (m[3] !== undefined && !isCalendarDate(`${m[1]}${m[2]}${m[3]}`)) return false;
  return m[4] === undefined || checkTime(m[4]);
}

/** PS3.5 §9.1: dotted numeric components, no leading zeros, at most 64 characters. */
export function checkUid(raw: string): string | undefined {
  const value = raw.replace(/[\0 ]+$/, '');
  if (value === '') return undefined;
  if (value.length > 64) return `length ${value.length} exceeds 64`;
  if (!/^[0-9.]+$/.test(value)) return 'only digits and dots are allowed';
  const components = value.split('.');
  if (components.some((c) => c === '')) return 'empty component';
  if (components.some((c) => c.length > 1 && c.startsWith('0'))) return 'leading zero in a component';
  return undefined;
}
