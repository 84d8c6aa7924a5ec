/** Edits of a scenario's world file: one country changed, the others kept. */
import type { CountryCode } from '../../fixtures/model.ts';
import type { CountryFile, WorldFile } from '../../simulators/world/world-schema.ts';

/** Applies `change` to country `code` (added as `{ code }` first when the file lacks it). */
export function withCountry(file: WorldFile, code: CountryCode, change: (country: CountryFile) => CountryFile): WorldFile {
  const present = file.countries.some((c) => c.code === code);
  const countries = present ? file.countries.map((c) => (c.code === code ? change(c) : c)) : [...file.countries, change({ code })];
  return { ...file, countries };
}

/** A country whose NCP-A is a system under test at `url` and which has no other actor (e.g. one that is down). */
export function onlyRemoteNcpA(code: CountryCode, url: string): CountryFile {
  return { code, registry: false, repository: false, imagingSource: false, ncpInitiating: false, reportStore: false, pacs: false, ncpResponding: { sut: { url } } };
}

/** Adds PACS faults (see `simulators/pacs/behaviour.ts`) to a simulated PACS. */
export function withPacsFault(country: CountryFile, ...faults: readonly string[]): CountryFile {
  const pacs = country.pacs;
  if (pacs === false || pacs?.sut) throw new Error(`${country.code}: only a simulated PACS takes faults`);
  return { ...country, pacs: { ...pacs, fault: [...(pacs?.fault ?? []), ...faults] } };
}
