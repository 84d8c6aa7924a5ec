/**
 * Where a MADO consumer fetches each series (IHE RAD MADO TF-3 Table 6.X.2.14-1): the Retrieve
 * Location UID is R+ (it resolves to the WADO-RS endpoint); the Retrieve URL is optional in the
 * trial implementation, but without it a consumer must resolve the location UID through a
 * directory first, so its absence is a warning. A Retrieve URL that is not an http(s) URL is an
 * error: nothing can be retrieved from it.
 */
import { text, uidProblem, under } from './dataset-access.ts';
import { datasetRule } from './define-rule.ts';
import { evidenceSeries } from './references.ts';

export const madoRetrieveLocation = datasetRule({
  id: 'manifest.mado.retrieve-location',
  title: 'Each evidence series has a Retrieve Location UID (R+) and should have an http(s) Retrieve URL (WADO-RS)',
  severity: 'error',
  requirements: ['GEN-05', 'RISK-MISSING', 'UC-541'],
  specRef: 'IHE RAD MADO TF-3 6.X.2.14 (Table 6.X.2.14-1)',
  profiles: ['mado'],
  *check(ds) {
    for (const series of evidenceSeries(ds)) {
      const location = text(series.item.RetrieveLocationUID);
      const problem = uidProblem(location);
      if (problem) yield { path: under(series.path, 'RetrieveLocationUID'), message: `series ${series.seriesInstanceUid ?? '?'} Retrieve Location UID is ${problem}`, expected: 'the UID of the system serving the series', actual: location ?? '(absent)' };
      const url = text(series.item.RetrieveURL);
      if (url === undefined) {
        yield { path: under(series.path, 'RetrieveURL'), severity: 'warning', message: `series ${series.seriesInstanceUid ?? '?'} has no Retrieve URL: a consumer must resolve the location UID to a WADO-RS endpoint first`, expected: 'http(s) WADO-RS URL', actual: '(absent)' };
      } else if (!/^https?:\/\/[^\s/]+/.test(url)) {
        yield { path: under(series.path, 'RetrieveURL'), message: `Retrieve URL "${url}" is not an http(s) URL`, expected: 'http(s) WADO-RS URL', actual: url };
      }
    }
  },
});
