import { describe, expect, it } from 'vitest';
import { checkFhirSchema } from './fhir-schema.ts';

describe('checkFhirSchema', () => {
  it('accepts a valid resource and reports violations at their JSON pointer', () => {
    expect(checkFhirSchema({ resourceType: 'Patient', gender: 'female', birthDate: '1970-01-01' })).toEqual([]);
    expect(checkFhirSchema({ resourceType: 'Patient', gender: 'f', colour: 'blue' }).map((p) => p.pointer).sort()).toEqual(['/', '/gender']);
  });

  it('resolves the two dangling refs (Resource, integer64) instead of throwing', () => {
    expect(checkFhirSchema({ resourceType: 'Parameters', parameter: [{ name: 'x', resource: { resourceType: 'Patient' } }] })).toEqual([]);
  });

  it('checks Bundle entries against their own resource type, and refuses unknown types', () => {
    const problems = checkFhirSchema({ resourceType: 'Bundle', type: 'document', entry: [{ resource: { resourceType: 'Patient', gender: 1 } }, { resource: { resourceType: 'Nope' } }] });
    expect(problems.map((p) => p.pointer)).toEqual(['/entry/0/resource/gender', '/entry/1/resource/resourceType']);
    expect(checkFhirSchema('x')).toEqual([{ pointer: '/', message: 'is not a JSON object' }]);
  });
});
