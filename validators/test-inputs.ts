/** Test inputs for detect-kind and validate-file: one real Part 10 file from the test world, and hostile bytes. */
import { instanceContexts } from '../fixtures/dicom/context.ts';
import { builderFor } from '../fixtures/dicom/iods/index.ts';
import { encodePart10 } from '../fixtures/dicom/part10.ts';
import { testWorld } from '../fixtures/dicom/test-world.ts';
import { NS } from '../simulators/soap/namespaces.ts';

/** The first instance of the test world that a writer supports, as Part 10 bytes. */
export function samplePart10(): Uint8Array {
  for (const ctx of instanceContexts(testWorld, 64)) {
    const builder = builderFor(ctx.instance.sopClassUid);
    if (builder && !builder.unsupported?.(ctx)) return encodePart10(builder.build(ctx), '1.2.3.4');
  }
  throw new Error('the test world has no writable instance');
}

/** The data set alone: after preamble, DICM and the file meta group (its length is at offset 140). */
export function rawDataset(part10: Uint8Array): Uint8Array {
  const view = new DataView(part10.buffer, part10.byteOffset, part10.byteLength);
  return part10.subarray(144 + view.getUint32(140, true));
}

export const utf8 = (s: string) => new TextEncoder().encode(s);

export const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<lolz>&lol3;</lolz>`;

export const deepXml = (depth: number) => '<a>'.repeat(depth) + '</a>'.repeat(depth);

/** Deterministic noise that does not start like DICOM, XML or JSON. */
export function garbage(length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = 0x2545f491;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  out[0] = 0xff;
  out[1] = 0xfe;
  return out;
}

export const SOAP_AUDIT = `<e:Envelope xmlns:e="${NS.env}"><e:Body><AuditMessage xmlns=""><EventIdentification EventDateTime="2024-04-01T12:00:00Z" EventOutcomeIndicator="0"><EventID csd-code="110112"/></EventIdentification></AuditMessage></e:Body></e:Envelope>`;
