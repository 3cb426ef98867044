// The OData bits the Graph handlers need: a $filter of "prop eq 'value'" terms joined by "and",
// and the @odata.context URLs.
import { ApiError } from '../http/errors';

export type Predicate = (object: Record<string, unknown>) => boolean;

export function parseFilter(filter: string | undefined, allowed: string[]): Predicate {
  if (!filter || filter.trim() === '') return () => true;
  const terms = filter.split(/\s+and\s+/i);
  const predicates = terms.map((term) => {
    const match = /^\s*([A-Za-z]+)\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(term);
    const property = match && allowed.find((name) => name.toLowerCase() === match[1]!.toLowerCase());
    if (!match || !property)
      throw new ApiError(
        400,
        'Request_UnsupportedQuery',
        `Unsupported or invalid query filter clause specified for property '${match?.[1] ?? term.trim()}' of resource.`,
      );
    const value = match[2]!.replace(/''/g, "'");
    return (object: Record<string, unknown>) => String(object[property] ?? '').toLowerCase() === value.toLowerCase();
  });
  return (object) => predicates.every((predicate) => predicate(object));
}

export function odataContext(origin: string, fragment: string): string {
  return `${origin}/graph/v1.0/$metadata#${fragment}`;
}
