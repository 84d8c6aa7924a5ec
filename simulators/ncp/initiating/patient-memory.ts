/**
 * Which patient a document belongs to, learnt from the gateway's own ITI-38 answers. A local
 * ITI-43/ITI-39/RAD-69 request names only documents, yet the cross-border retrieve needs a TRC
 * assertion for a patient: the gateway looks the patient up here by (community, document) or, for
 * images, by (community, Study Instance UID) taken from the KOS entries' referenceIdList.
 * Bounded LRU: the oldest links are forgotten first, so memory stays flat on a long run.
 */

export interface DocumentFacts {
  readonly patientId: string;
  readonly studyInstanceUids: readonly string[];
  readonly accessionNumbers: readonly string[];
}

export interface PatientMemory {
  rememberDocument(home: string, documentUniqueId: string, facts: DocumentFacts): void;
  rememberStudy(home: string, studyInstanceUid: string, patientId: string): void;
  document(home: string, documentUniqueId: string): DocumentFacts | undefined;
  /** The community a document came from, when a local request leaves HomeCommunityId out. */
  homeOf(documentUniqueId: string): string | undefined;
  patientOfStudy(home: string, studyInstanceUid: string): string | undefined;
  readonly size: number;
}

export function createPatientMemory(capacity: number): PatientMemory {
  if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`patient memory capacity must be a positive integer, got ${capacity}`);
  const documents = new Map<string, DocumentFacts>();
  const homes = new Map<string, string>();
  const studies = new Map<string, string>();

  // Map keeps insertion order: re-inserting on use makes the first key the least recently used.
  function touch<V>(map: Map<string, V>, key: string, value: V): void {
    map.delete(key);
    map.set(key, value);
    while (map.size > capacity) map.delete(map.keys().next().value!);
  }
  function read<V>(map: Map<string, V>, key: string): V | undefined {
    const v = map.get(key);
    if (v !== undefined) touch(map, key, v);
    return v;
  }

  return {
    rememberDocument(home, documentUniqueId, facts) {
      touch(documents, `${home}|${documentUniqueId}`, facts);
      touch(homes, documentUniqueId, home);
      for (const study of facts.studyInstanceUids) touch(studies, `${home}|${study}`, facts.patientId);
    },
    rememberStudy(home, studyInstanceUid, patientId) {
      touch(studies, `${home}|${studyInstanceUid}`, patientId);
    },
    document: (home, documentUniqueId) => read(documents, `${home}|${documentUniqueId}`),
    homeOf: (documentUniqueId) => read(homes, documentUniqueId),
    patientOfStudy: (home, studyInstanceUid) => read(studies, `${home}|${studyInstanceUid}`),
    get size() {
      return documents.size;
    },
  };
}
