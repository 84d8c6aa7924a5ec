// dcmjs ships no type declarations; this is the slice of its API the harness uses.
declare module 'dcmjs' {
  export type NaturalDataset = Record<string, unknown> & { _vrMap?: Record<string, string> };
  export interface DicomDictElement { tag: string; vr: string; vm: string; name: string }
  export class DicomDict {
    constructor(meta: Record<string, unknown>);
    meta: Record<string, unknown>;
    dict: Record<string, unknown>;
    write(options?: { allowInvalidVRLength?: boolean; fragmentMultiframe?: boolean }): ArrayBuffer;
  }
  export class DicomMessage {
    static readFile(buffer: ArrayBuffer, options?: { ignoreErrors?: boolean; untilTag?: string; includeUntilTagValue?: boolean; noCopy?: boolean; forceStoreRaw?: boolean }): DicomDict;
  }
  export class ReadBufferStream {
    constructor(buffer: ArrayBuffer, littleEndian?: boolean, options?: Record<string, unknown>);
  }
  export const data: {
    DicomMessage: typeof DicomMessage;
    DicomDict: typeof DicomDict;
    DicomMetaDictionary: {
      naturalizeDataset(ds: Record<string, unknown>): NaturalDataset;
      denaturalizeDataset(ds: NaturalDataset): Record<string, unknown>;
      uid(): string;
      date(): string;
      time(): string;
      dictionary: Record<string, DicomDictElement>;
      nameMap: Record<string, DicomDictElement>;
      punctuateTag(rawTag: string): string;
      unpunctuateTag(tag: string): string;
    };
    ReadBufferStream: typeof ReadBufferStream;
    WriteBufferStream: new (size?: number, littleEndian?: boolean) => { getBuffer(): ArrayBuffer; size: number };
  };
  export const log: { setLevel(level: string): void; level?: unknown; getLogger?(name: string): { setLevel(level: string): void } };
  const dcmjs: { data: typeof data; log: typeof log };
  export default dcmjs;
}
