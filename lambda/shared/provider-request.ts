import { eventReader } from './event-input';

/**
 * Checks what every `custom_resources.Provider` request carries before a handler acts on it:
 * a RequestType of Create, Update or Delete, and the PhysicalResourceId an Update or Delete
 * (and every isComplete call) is about. Throws once naming each missing or bad field.
 */
export function checkProviderRequest(event: unknown, what: string, options: { readonly isComplete?: boolean; readonly expected?: string } = {}): void {
  const r = eventReader(event, what, options.expected ?? 'a Create, Update or Delete request of the Provider framework');
  const type = r.matching('RequestType', /^(Create|Update|Delete)$/, 'one of Create, Update, Delete');
  // isComplete is called after onEvent, so even a Create has its physical id by then.
  if (type === 'Update' || type === 'Delete' || (options.isComplete === true && type !== '')) r.required('PhysicalResourceId');
  r.done();
}
