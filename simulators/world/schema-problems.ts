/**
 * Runs the world-file schema (ajv, all errors, strict) and turns ajv's errors into problems a
 * person can act on: the position in the file, the key that is unknown and the one probably
 * meant, the limit that was crossed and the value that crossed it. Where a key allows several
 * shapes (`oneOf`), only the shape the value was evidently going for is reported.
 */
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { closest, type WorldProblem } from './world-file-error.ts';
import { WORLD_FILE_SCHEMA, type WorldFile } from './world-schema.ts';
import { pointerSegments, type YamlSource } from './yaml-source.ts';

type SchemaNode = Record<string, unknown>;

let compiled: ReturnType<Ajv2020['compile']> | undefined;

function validator(): ReturnType<Ajv2020['compile']> {
  compiled ??= new Ajv2020({ allErrors: true, strict: true, verbose: true }).compile(WORLD_FILE_SCHEMA);
  return compiled;
}

/** True when `data` is a valid world file; otherwise `problems` says why. */
export function checkSchema(data: unknown, yaml: YamlSource): { ok: true; file: WorldFile } | { ok: false; problems: WorldProblem[] } {
  const validate = validator();
  if (validate(data)) return { ok: true, file: data as WorldFile };
  const { errors, described } = settleAlternatives(validate.errors ?? [], data);
  const problems = [...errors.map((e) => toProblem(e, yaml)), ...described.map((d) => ({ path: d.path, ...yaml.positionOf(d.path), message: d.message }))];
  return { ok: false, problems };
}

interface Described {
  readonly path: string;
  readonly message: string;
}

/**
 * ajv reports a failed `oneOf` with the errors of every branch. Keep the errors of the branch
 * whose type the value has; when there is none, or the value itself (not something inside it)
 * is wrong, say what the key accepts, from the schema's `description`.
 */
function settleAlternatives(errors: readonly ErrorObject[], data: unknown): { errors: ErrorObject[]; described: Described[] } {
  const alternatives = errors.filter((e) => e.keyword === 'oneOf');
  const dropped = new Set<ErrorObject>(alternatives);
  const described: Described[] = [];
  for (const alt of alternatives) {
    const branches = (alt.schema ?? []) as SchemaNode[];
    const value = valueAt(data, alt.instancePath);
    const chosen = branches.findIndex((b) => b['type'] === jsonType(value));
    // schemaPath is the same for every country, so the instance path tells whose errors these are.
    const inside = errors.filter((e) => e !== alt && e.schemaPath.startsWith(`${alt.schemaPath}/`) && isWithin(e.instancePath, alt.instancePath));
    const kept = inside.filter((e) => chosen >= 0 && e.schemaPath.startsWith(`${alt.schemaPath}/${chosen}/`));
    for (const e of inside) if (!kept.includes(e)) dropped.add(e);
    const valueItselfWrong = kept.every((e) => e.instancePath === alt.instancePath && ['const', 'enum', 'type'].includes(e.keyword));
    if (valueItselfWrong) {
      for (const e of kept) dropped.add(e);
      const description = (alt.parentSchema as SchemaNode | undefined)?.['description'];
      described.push({ path: alt.instancePath, message: `must be ${String(description)}${got(value)}` });
    }
  }
  return { errors: errors.filter((e) => !dropped.has(e)), described };
}

function toProblem(e: ErrorObject, yaml: YamlSource): WorldProblem {
  const at = (path: string, message: string, where: 'key' | 'value' = 'value'): WorldProblem => ({ path, ...yaml.positionOf(path, where), message });
  const parent = (e.parentSchema ?? {}) as SchemaNode;
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const known = Object.keys((parent['properties'] ?? {}) as SchemaNode);
      const guess = closest(key, known);
      const hint = guess ? `; did you mean "${guess}"?` : `; known keys: ${known.join(', ')}`;
      return at(`${e.instancePath}/${escapeSegment(key)}`, `unknown key "${key}"${hint}`, 'key');
    }
    case 'required': {
      const missing = String(params['missingProperty']);
      return { ...at(e.instancePath, ''), path: `${e.instancePath}/${escapeSegment(missing)}`, message: `missing required key "${missing}"` };
    }
    case 'type':
      return at(e.instancePath, `must be ${String(parent['description'] ?? params['type'])}${got(e.data)}`);
    case 'minimum':
    case 'maximum': {
      const sign = e.keyword === 'minimum' ? '≥' : '≤';
      return at(e.instancePath, `must be ${String(parent['type'] ?? 'number')} ${sign} ${String(params['limit'])}${got(e.data)}`);
    }
    case 'enum': {
      const allowed = (params['allowedValues'] ?? []) as unknown[];
      const guess = typeof e.data === 'string' ? closest(e.data, allowed.map(String)) : undefined;
      return at(e.instancePath, `must be one of ${allowed.join(', ')}${got(e.data)}${guess ? `; did you mean "${guess}"?` : ''}`);
    }
    case 'pattern':
      return at(e.instancePath, `must be ${String(parent['description'] ?? `a string matching ${String(params['pattern'])}`)}${got(e.data)}`);
    case 'maxProperties':
      if (e.schemaPath.endsWith('/dependentSchemas/sut/maxProperties')) {
        const others = Object.keys((e.data ?? {}) as object).filter((k) => k !== 'sut');
        return at(e.instancePath, `with "sut" the actor is a real system, so it takes no simulated settings; remove ${others.join(', ')}`);
      }
      return at(e.instancePath, e.message ?? 'has too many keys');
    case 'minItems':
      return at(e.instancePath, `must list at least ${String(params['limit'])}`);
    case 'uniqueItems': {
      const list = (e.data ?? []) as unknown[];
      const later = Math.max(Number(params['i']), Number(params['j']));
      return at(`${e.instancePath}/${later}`, `lists ${JSON.stringify(list[later])} twice`);
    }
    case 'minLength':
      return at(e.instancePath, params['limit'] === 1 ? 'must not be empty' : `must be at least ${String(params['limit'])} characters`);
    default:
      return at(e.instancePath, e.message ?? `fails ${e.keyword}`);
  }
}

function isWithin(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}/`);
}

function got(value: unknown): string {
  if (value === null || value === undefined) return ', got nothing';
  if (Array.isArray(value)) return ', got a list';
  if (typeof value === 'object') return ', got a mapping';
  return `, got ${JSON.stringify(value)}`;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function valueAt(data: unknown, pointer: string): unknown {
  let node = data;
  for (const s of pointerSegments(pointer)) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[s] : undefined;
  return node;
}

function escapeSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
