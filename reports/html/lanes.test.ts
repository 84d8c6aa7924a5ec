import { describe, expect, it } from 'vitest';
import { laneGroups, laneOf } from './lanes.ts';

describe('laneGroups', () => {
  it('puts the treating country left with its NCP at the border, others right with theirs first', () => {
    const groups = laneGroups(['consumer', 'CZ.ncp-b', 'CZ.pacs', 'NL.xds-registry', 'NL.ncp-a', 'peer:127.0.0.1:9/ncp'], 'CZ', ['CZ', 'NL']);
    expect(groups.map((g) => [g.country, g.lanes.map((l) => l.id)])).toEqual([
      ['CZ', ['consumer', 'CZ.pacs', 'CZ.ncp-b']],
      ['NL', ['NL.ncp-a', 'NL.xds-registry']],
      ['', ['peer:127.0.0.1:9/ncp']],
    ]);
  });

  it('labels the consumer as the hospital and places AE titles that name a country', () => {
    expect(laneOf('consumer', 'CZ', ['CZ'])).toEqual({ id: 'consumer', label: 'hospital', country: 'CZ' });
    expect(laneOf('peer:AT_MODALITY', 'CZ', ['CZ', 'AT']).country).toBe('AT');
    expect(laneOf('peer:STORESCU', 'CZ', ['CZ', 'AT']).country).toBe('');
  });
});
