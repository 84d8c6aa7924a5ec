/**
 * The world FILE format as JSON Schema (draft 2020-12, checked with ajv 8 in strict mode): what a
 * user writes, before defaults. Everything is optional except `countries[].code`, and
 * `additionalProperties: false` everywhere so that a typo is an error, not an ignored key.
 * `WorldFile` is the same shape as a TypeScript type; `world-schema.test.ts` keeps the two in step.
 * `description` texts are shown to the user when a value fits none of a key's alternatives.
 */
import { MAX_SEED } from '../../fixtures/uid.ts';
import { ALL_COUNTRY_CODES } from '../../fixtures/world/countries.ts';
import { EXCHANGE_PROFILES, type CountryCode, type ExchangeProfile } from './world-config.ts';

export const MAX_PATIENTS_PER_COUNTRY = 1000;
/** A minute: beyond that every SOAP client times out first, which would test nothing. */
export const MAX_LATENCY_MS = 60_000;

export interface HttpSutFile {
  readonly url: string;
}
export interface PacsSutFile {
  readonly host?: string;
  readonly port: number;
  readonly aeTitle: string;
}
/** `false`: the country has no such actor; `{}`: simulated; `{ sut: … }`: a real system. */
export type HttpActorFile = false | { readonly sut?: HttpSutFile; readonly fault?: readonly string[] };
/** The imaging source also says how it reads its PACS: the simulated PACS's files, or by C-GET. */
export type ImagingSourceFile = false | { readonly sut?: HttpSutFile; readonly fault?: readonly string[]; readonly retrieve?: 'files' | 'c-get' };
export type PacsActorFile =
  | false
  | { readonly host?: string; readonly port?: number; readonly aeTitle?: string; readonly fault?: readonly string[]; readonly peers?: Readonly<Record<string, string>>; readonly sut?: undefined }
  | { readonly sut: PacsSutFile };

export interface CountryFile {
  readonly code: CountryCode;
  readonly homeCommunityId?: string;
  readonly repositoryUniqueId?: string;
  readonly deviceOid?: string;
  readonly profile?: ExchangeProfile;
  readonly consent?: 'all' | 'none' | readonly string[];
  readonly link?: { readonly latencyMs?: number; readonly bandwidthKbps?: number; readonly lossless?: boolean; readonly jitterMs?: number; readonly lossPercent?: number };
  readonly http?: { readonly host?: string; readonly port?: number };
  readonly registry?: HttpActorFile;
  readonly repository?: HttpActorFile;
  readonly imagingSource?: ImagingSourceFile;
  readonly ncpResponding?: HttpActorFile;
  readonly ncpInitiating?: HttpActorFile;
  readonly reportStore?: HttpActorFile;
  readonly pacs?: PacsActorFile;
  /** The NCP's DIMSE push gateway (UC-543): on by default for a country with a simulated NCP-B; false turns it off. */
  readonly push?: false | { readonly port?: number };
  /** The country's Audit Record Repository: simulated by default; false turns it off. */
  readonly auditRepository?: false | { readonly udpPort?: number; readonly tlsPort?: number; readonly requireClientCert?: boolean };
}

export interface WorldFile {
  readonly name?: string;
  readonly seed?: number;
  readonly patients?: number;
  readonly evidenceDir?: string;
  readonly profile?: ExchangeProfile;
  readonly tls?: { readonly mutual?: boolean; readonly dimse?: boolean };
  /** SLA budgets in ms over the steps' own: `<scenario-id>.<step-id>` or a bare `<step-id>` (every scenario). */
  readonly sla?: Readonly<Record<string, number>>;
  readonly countries: readonly CountryFile[];
}

const host = { type: 'string', minLength: 1, maxLength: 253, pattern: '^[^\\s/]+$', description: 'a host name or IP address' };
const port = { type: 'integer', minimum: 0, maximum: 65535 };
/** PS3.5 §6.2 AE: 1-16 characters of the default repertoire, no backslash, no leading/trailing space. */
const aeTitle = {
  type: 'string',
  pattern: '^[!-\\[\\]-~](?:[ -\\[\\]-~]{0,14}[!-\\[\\]-~])?$',
  description: '1-16 printable ASCII characters, no backslash, no leading or trailing space',
};
const profile = { type: 'string', enum: EXCHANGE_PROFILES };
const httpActor = {
  description: 'false (no such actor), {} (simulated) or { sut: { url } } (a real system)',
  oneOf: [
    { type: 'boolean', const: false },
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        // Named faults of a simulated NCP (ncpResponding, ncpInitiating); checked when defaults are applied.
        fault: { type: 'array', items: { type: 'string', minLength: 1 } },
        sut: { type: 'object', additionalProperties: false, required: ['url'], properties: { url: { type: 'string', minLength: 1 } } },
      },
      // A SUT replaces the simulated actor, so its faults would be silently ignored: refuse them.
      dependentSchemas: { sut: { maxProperties: 1 } },
    },
  ],
};
const imagingSourceActor = {
  description: 'false (no imaging source), {} (simulated; retrieve: files | c-get) or { sut: { url } } (a real system)',
  oneOf: [
    httpActor.oneOf[0],
    {
      ...httpActor.oneOf[1],
      properties: {
        ...(httpActor.oneOf[1] as { properties: Record<string, unknown> }).properties,
        // How RAD-69 reads the PACS: its files (fast, the default) or C-GET, as a source in front of a real PACS does.
        retrieve: { type: 'string', enum: ['files', 'c-get'] },
      },
    },
  ],
};
const pacsActor = {
  description: 'false (no PACS), { aeTitle, port, fault } (simulated) or { sut: { host, port, aeTitle } } (a real PACS)',
  oneOf: [
    { type: 'boolean', const: false },
    {
      type: 'object',
      additionalProperties: false,
      properties: {
        host,
        port,
        aeTitle,
        fault: { type: 'array', items: { type: 'string', minLength: 1 } },
        // C-MOVE destinations besides the world's own PACSs: AE title → "host:port" (as `--peer AE=host:port`).
        peers: { type: 'object', propertyNames: { minLength: 1, maxLength: 16, pattern: '^[ -~]*[!-~][ -~]*$' }, additionalProperties: { type: 'string', pattern: '^[^:\\s]+:[0-9]{1,5}$' } },
        sut: { type: 'object', additionalProperties: false, required: ['port', 'aeTitle'], properties: { host, port, aeTitle } },
      },
      // A SUT replaces the simulated PACS, so its settings would be silently ignored: refuse them.
      dependentSchemas: { sut: { maxProperties: 1 } },
    },
  ],
};

const country = {
  type: 'object',
  additionalProperties: false,
  required: ['code'],
  properties: {
    code: { type: 'string', enum: ALL_COUNTRY_CODES },
    homeCommunityId: { type: 'string' },
    repositoryUniqueId: { type: 'string' },
    deviceOid: { type: 'string' },
    profile,
    consent: {
      description: 'all, none, or a list of the patient keys or national IDs that consented',
      oneOf: [
        { type: 'string', enum: ['all', 'none'] },
        { type: 'array', uniqueItems: true, items: { type: 'string', minLength: 1 } },
      ],
    },
    link: {
      type: 'object',
      additionalProperties: false,
      properties: {
        latencyMs: { type: 'integer', minimum: 0, maximum: MAX_LATENCY_MS },
        bandwidthKbps: { type: 'integer', minimum: 1 },
        lossless: { type: 'boolean' },
        jitterMs: { type: 'integer', minimum: 0, maximum: MAX_LATENCY_MS },
        lossPercent: { type: 'number', minimum: 0, maximum: 50 },
      },
    },
    http: { type: 'object', additionalProperties: false, properties: { host, port } },
    registry: httpActor,
    repository: httpActor,
    imagingSource: imagingSourceActor,
    ncpResponding: httpActor,
    ncpInitiating: httpActor,
    reportStore: httpActor,
    pacs: pacsActor,
    push: {
      description: 'the NCP push gateway (DIMSE C-STORE relay, UC-543); false turns it off',
      oneOf: [{ const: false }, { type: 'object', additionalProperties: false, properties: { port } }],
    },
    auditRepository: {
      description: 'the Audit Record Repository (ATNA syslog over TLS and UDP); false turns it off',
      oneOf: [{ const: false }, { type: 'object', additionalProperties: false, properties: { udpPort: port, tlsPort: port, requireClientCert: { type: 'boolean' } } }],
    },
  },
};

export const WORLD_FILE_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:ixh:schema:world-file',
  title: 'ixh world file',
  description: 'a mapping with at least `countries:`',
  type: 'object',
  additionalProperties: false,
  required: ['countries'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 64 },
    seed: { type: 'integer', minimum: 0, maximum: MAX_SEED },
    patients: { type: 'integer', minimum: 0, maximum: MAX_PATIENTS_PER_COUNTRY },
    evidenceDir: { type: 'string', minLength: 1 },
    profile,
    tls: { type: 'object', additionalProperties: false, properties: { mutual: { type: 'boolean' }, dimse: { type: 'boolean' } } },
    sla: { type: 'object', propertyNames: { minLength: 1, pattern: '^[a-z0-9-]+(\\.[a-z0-9-]+)?$' }, additionalProperties: { type: 'integer', minimum: 1, maximum: 3_600_000 } },
    countries: { type: 'array', minItems: 1, items: country },
  },
} as const;
