import { describe, expect, it } from 'vitest';
import { isSctid } from './sctid.ts';

describe('isSctid', () => {
  it.each(['69536005', '12738006', '818981001', '76752008', '38266002', '77386006'])('accepts %s', (c) => expect(isSctid(c)).toBe(true));
  it.each(['69536006', '0123456', '12345', 'T-D1100'])('rejects %s', (c) => expect(isSctid(c)).toBe(false));
});
