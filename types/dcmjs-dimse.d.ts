// dcmjs-dimse ships no type declarations; the slice the interop tests drive (as a third-party peer).
declare module 'dcmjs-dimse' {
  interface DimseResponse {
    getStatus(): number;
    hasDataset(): boolean;
    getDataset(): { getElement(keyword: string): unknown } | undefined;
  }
  interface DimseRequest {
    on(event: 'response', listener: (response: DimseResponse) => void): void;
  }
  export class Client {
    addRequest(request: DimseRequest): void;
    on(event: 'networkError' | 'closed' | 'associationRejected' | 'associationAccepted', listener: (arg?: unknown) => void): void;
    send(host: string, port: number, callingAe: string, calledAe: string): void;
  }
  export const requests: {
    CEchoRequest: new () => DimseRequest;
    CStoreRequest: new (file: string) => DimseRequest;
    CFindRequest: { createStudyFindRequest(elements: Record<string, string>): DimseRequest };
  };
  export const constants: { Status: { Success: number; Pending: number } };
  const dcmjsDimse: { Client: typeof Client; requests: typeof requests; constants: typeof constants };
  export default dcmjsDimse;
}
