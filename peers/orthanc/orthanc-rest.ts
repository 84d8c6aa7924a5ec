/**
 * A thin typed client for the parts of Orthanc's REST API the interop tests read back
 * (https://orthanc.uclouvain.be/book/users/rest.html). Every non-2xx answer throws with method,
 * URL, status and body, so a failing test says what Orthanc replied rather than "undefined".
 */
export interface OrthancStatistics {
  readonly CountPatients: number;
  readonly CountStudies: number;
  readonly CountSeries: number;
  readonly CountInstances: number;
  readonly TotalDiskSizeMB: number;
}

export interface OrthancSystem {
  readonly DicomAet: string;
  readonly DicomPort: number;
  readonly HttpPort: number;
  readonly Name: string;
  readonly Version: string;
  readonly ApiVersion: number;
  readonly PluginsEnabled: boolean;
}

/** Answer of /tools/lookup: which resource carries a DICOM UID. */
export interface OrthancLookup {
  readonly ID: string;
  readonly Path: string;
  readonly Type: 'Patient' | 'Study' | 'Series' | 'Instance';
}

export interface OrthancStudy {
  readonly ID: string;
  readonly ParentPatient: string;
  readonly Series: readonly string[];
  readonly MainDicomTags: Readonly<Record<string, string>>;
  readonly PatientMainDicomTags: Readonly<Record<string, string>>;
  readonly IsStable: boolean;
}

/** Simplified tags: keyword → string value, or nested arrays of the same for sequences. */
export type SimplifiedTags = Readonly<Record<string, unknown>>;

export class OrthancRestError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`Orthanc ${method} ${url} answered ${status}: ${body.slice(0, 500)}`);
    this.name = 'OrthancRestError';
  }
}

export interface OrthancRest {
  system(): Promise<OrthancSystem>;
  statistics(): Promise<OrthancStatistics>;
  /** Orthanc ids (not UIDs) of all studies. */
  studies(): Promise<string[]>;
  study(id: string): Promise<OrthancStudy>;
  /** Orthanc ids of all instances. */
  instances(): Promise<string[]>;
  /** The study with this StudyInstanceUID, or undefined when Orthanc has none. */
  findStudy(StudyInstanceUID: string): Promise<OrthancStudy | undefined>;
  lookup(uid: string): Promise<OrthancLookup[]>;
  instanceTags(id: string): Promise<SimplifiedTags>;
  /** Deletes every patient (and so every study, series, instance). */
  deleteAll(): Promise<void>;
  /** Escape hatch for endpoints not wrapped here; `path` starts with '/'. */
  request<T>(method: string, path: string, body?: unknown): Promise<T>;
}

/** `baseUrl` is the peer's restUrl; only 127.0.0.1 is expected, nothing here enforces it. */
export function orthancRest(baseUrl: string, options: { timeoutMs?: number } = {}): OrthancRest {
  const base = baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${base}${path}`;
    const init: RequestInit = { method, signal: AbortSignal.timeout(timeoutMs) };
    // /tools/lookup takes the bare UID as its body, everything else takes JSON.
    if (typeof body === 'string') init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { 'content-type': 'application/json' };
    }
    const response = await fetch(url, init);
    const text = await response.text();
    if (!response.ok) throw new OrthancRestError(method, url, response.status, text);
    if (text === '') return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new OrthancRestError(method, url, response.status, `answer is not JSON: ${text}`);
    }
  }

  return {
    system: () => request('GET', '/system'),
    statistics: () => request('GET', '/statistics'),
    studies: () => request('GET', '/studies'),
    study: (id) => request('GET', `/studies/${encodeURIComponent(id)}`),
    instances: () => request('GET', '/instances'),
    lookup: (uid) => request('POST', '/tools/lookup', uid),
    async findStudy(StudyInstanceUID) {
      const found = await request<OrthancStudy[]>('POST', '/tools/find', {
        Level: 'Study',
        Query: { StudyInstanceUID },
        Expand: true,
      });
      if (found.length > 1) throw new Error(`Orthanc holds ${found.length} studies with StudyInstanceUID ${StudyInstanceUID}`);
      return found[0];
    },
    instanceTags: (id) => request('GET', `/instances/${encodeURIComponent(id)}/simplified-tags`),
    async deleteAll() {
      const patients = await request<string[]>('GET', '/patients');
      for (const id of patients) await request('DELETE', `/patients/${encodeURIComponent(id)}`);
    },
    request,
  };
}
