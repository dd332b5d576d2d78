import { eventRecord } from '../../../lambda/shared/event-input';
import { checkProviderRequest } from '../../../lambda/shared/provider-request';

describe('eventRecord', () => {
  test.each([
    [undefined, 'nothing'],
    [null, 'null'],
    [[], 'an array'],
    ['text', '"text"'],
    [42, '42'],
  ])('%j is not an event', (event, got) => {
    expect(() => eventRecord(event, 'test event', 'an object with id')).toThrow(new Error(`Invalid test event: expected an object with id, got ${got}`));
  });
  test('an object is returned as is', () => {
    const event = { id: '1' };
    expect(eventRecord(event, 'test event', 'an object')).toBe(event);
  });
});

describe('checkProviderRequest', () => {
  const what = 'DatabaseMigration request';
  test.each([
    [{ RequestType: 'Create' }, {}],
    [{ RequestType: 'Update', PhysicalResourceId: 'p' }, {}],
    [{ RequestType: 'Delete', PhysicalResourceId: 'p' }, {}],
    [{ RequestType: 'Create', PhysicalResourceId: 'p' }, { isComplete: true }],
  ])('accepts %j', (event, options) => {
    expect(() => checkProviderRequest(event, what, options)).not.toThrow();
  });
  test.each([
    [{}, {}, '  - RequestType is required (a non-empty string) (got nothing)'],
    [{ RequestType: 'create' }, {}, '  - RequestType must be one of Create, Update, Delete (got "create")'],
    [{ RequestType: 'Update' }, {}, '  - PhysicalResourceId is required (a non-empty string) (got nothing)'],
    [{ RequestType: 'Create' }, { isComplete: true }, '  - PhysicalResourceId is required (a non-empty string) (got nothing)'],
  ])('%j (%j) names the field', (event, options, problem) => {
    expect(() => checkProviderRequest(event, what, options)).toThrow(new Error(`Invalid ${what} fields:\n${problem}`));
  });
});
