import { describe, expect, it } from 'vitest';
import { createPatientMemory } from './patient-memory.ts';

describe('patient memory (bounded LRU)', () => {
  const facts = (patientId: string, studies: string[] = []) => ({ patientId, studyInstanceUids: studies, accessionNumbers: [] });

  it('links documents and studies to their patient and community', () => {
    const m = createPatientMemory(10);
    m.rememberDocument('urn:oid:1', '2.25.1', facts('P1', ['2.25.100']));
    expect(m.document('urn:oid:1', '2.25.1')?.patientId).toBe('P1');
    expect(m.document('urn:oid:2', '2.25.1')).toBeUndefined();
    expect(m.homeOf('2.25.1')).toBe('urn:oid:1');
    expect(m.patientOfStudy('urn:oid:1', '2.25.100')).toBe('P1');
  });

  it('forgets the least recently used link first', () => {
    const m = createPatientMemory(2);
    m.rememberDocument('h', 'a', facts('PA'));
    m.rememberDocument('h', 'b', facts('PB'));
    m.document('h', 'a'); // a is now the most recent
    m.rememberDocument('h', 'c', facts('PC'));
    expect(m.size).toBe(2);
    expect(m.document('h', 'b')).toBeUndefined();
    expect(m.document('h', 'a')?.patientId).toBe('PA');
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => createPatientMemory(0)).toThrow(/positive integer/);
  });
});
