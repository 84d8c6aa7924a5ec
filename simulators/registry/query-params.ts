/**
 * Stored query parameters (ITI TF-2 §3.18.4.1.2.3.5): Slots named `$Param` whose Values are
 * SQL-like literals: `'text'`, numbers, or lists `('a','b')`. Single-valued parameters must have
 * one value (XDSStoredQueryParamNumber); required ones must be present (XDSStoredQueryMissingParam).
 */
import type { Slot } from './ebrim-model.ts';
import { ErrorCode } from './xds-constants.ts';

export class QueryParamError extends Error {
  constructor(
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

export class QueryParams {
  private readonly slots = new Map<string, Slot[]>();

  constructor(slots: readonly Slot[]) {
    for (const s of slots) this.slots.set(s.name, [...(this.slots.get(s.name) ?? []), s]);
  }

  /** A single-valued parameter. */
  single(name: string, required: true): string;
  single(name: string, required?: false): string | undefined;
  single(name: string, required = false): string | undefined {
    const values = this.groups(name, required).flat();
    if (values.length > 1 || (this.slots.get(name)?.length ?? 0) > 1) throw new QueryParamError(ErrorCode.storedQueryParamNumber, `${name} takes a single value, got ${values.length}`);
    return values[0];
  }

  /** A multi-valued parameter, all Slots and Values ORed together. */
  list(name: string, required = false): string[] | undefined {
    const values = this.groups(name, required).flat();
    return values.length ? values : undefined;
  }

  /** A multi-valued parameter whose Slots are ANDed (eventCodeList, confidentialityCode). */
  andGroups(name: string): string[][] {
    return this.groups(name, false).filter((g) => g.length > 0);
  }

  has(name: string): boolean {
    return this.slots.has(name);
  }


  private groups(name: string, required: boolean): string[][] {
    const slots = this.slots.get(name);
    if (!slots || slots.every((s) => s.values.length === 0)) {
      if (required) throw new QueryParamError(ErrorCode.storedQueryMissingParam, `required parameter ${name} is missing`);
      return [];
    }
    return slots.map((s) => s.values.flatMap((v) => parseLiteral(v, name)));
  }
}

/** `'a'` → [a]; `('a', 'b')` → [a, b]; `20240101` → ["20240101"]. Quotes inside are doubled (`''`). */
export function parseLiteral(raw: string, name = 'parameter'): string[] {
  const text = raw.trim();
  if (text.startsWith('(')) {
    if (!text.endsWith(')')) throw new QueryParamError(ErrorCode.registryError, `${name}: unbalanced parentheses in ${raw}`);
    return splitList(text.slice(1, -1), name);
  }
  return [unquote(text, name)];
}

function splitList(body: string, name: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < body.length) {
    while (body[i] === ' ' || body[i] === ',') i++;
    if (i >= body.length) break;
    if (body[i] === "'") {
      let j = i + 1;
      let v = '';
      for (;;) {
        if (j >= body.length) throw new QueryParamError(ErrorCode.registryError, `${name}: unterminated string in (${body})`);
        if (body[j] === "'" && body[j + 1] === "'") (v += "'"), (j += 2);
        else if (body[j] === "'") break;
        else v += body[j++];
      }
      out.push(v);
      i = j + 1;
    } else {
      const j = body.indexOf(',', i);
      out.push(body.slice(i, j < 0 ? undefined : j).trim());
      i = j < 0 ? body.length : j;
    }
  }
  return out;
}

function unquote(text: string, name: string): string {
  if (text.startsWith("'")) {
    if (!text.endsWith("'") || text.length < 2) throw new QueryParamError(ErrorCode.registryError, `${name}: unterminated string ${text}`);
    return text.slice(1, -1).replace(/''/g, "'");
  }
  return text;
}

/** `code^^codingScheme` (the CE-like form of code parameters) → its parts. */
export function parseCodeParam(value: string, name: string): { code: string; codingScheme: string } {
  const parts = value.split('^');
  if (parts.length < 3 || !parts[0] || !parts[2]) throw new QueryParamError(ErrorCode.registryError, `${name}: "${value}" is not code^^codingScheme`);
  return { code: parts[0], codingScheme: parts[2] };
}
