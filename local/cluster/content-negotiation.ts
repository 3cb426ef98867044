// Picks the response form from the Accept header, in the caller's order of preference, as the API server does.
import type { TableVersion } from './tables';

export type ResponseForm = { form: 'object' } | { form: 'table'; version: TableVersion };

/** Undefined means nothing acceptable can be produced (406). Only JSON is offered, never protobuf. */
export function negotiate(accept: string | undefined): ResponseForm | undefined {
  if (!accept || accept.trim() === '') return { form: 'object' };
  for (const entry of accept.split(',')) {
    const [mediaType = '', ...rawParameters] = entry.split(';').map((part) => part.trim());
    const parameters = new Map(
      rawParameters.map((parameter) => {
        const [key = '', value = ''] = parameter.split('=').map((part) => part.trim());
        return [key.toLowerCase(), value] as const;
      }),
    );
    if (!['application/json', 'application/*', '*/*'].includes(mediaType.toLowerCase())) continue;
    const as = parameters.get('as');
    if (!as) return { form: 'object' };
    const version = parameters.get('v');
    if (as === 'Table' && parameters.get('g') === 'meta.k8s.io' && (version === 'v1' || version === 'v1beta1'))
      return { form: 'table', version };
  }
  return undefined;
}
