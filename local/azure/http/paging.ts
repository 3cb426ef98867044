// List answers in pages: {"value": [...], "nextLink": absolute URL with $skiptoken} (ARM) or
// {"value": [...], "@odata.nextLink": ...} (Graph). Clients follow the link as given.
import { queryParam, type EmulatorRequest } from './request';

export function pageOf<T>(
  items: T[],
  request: EmulatorRequest,
  pageSize: number,
  linkName: 'nextLink' | '@odata.nextLink' = 'nextLink',
): { value: T[]; [link: string]: unknown } {
  const skip = Number(queryParam(request.query, '$skiptoken') ?? '0') || 0;
  const top = Number(queryParam(request.query, '$top') ?? '0') || 0;
  const size = top > 0 ? Math.min(top, pageSize) : pageSize;
  const value = items.slice(skip, skip + size);
  const page: { value: T[]; [link: string]: unknown } = { value };
  if (skip + size < items.length) {
    const query = new URLSearchParams();
    for (const [key, item] of request.query) if (key.toLowerCase() !== '$skiptoken') query.append(key, item);
    query.set('$skiptoken', String(skip + size));
    page[linkName] = `${request.origin}${request.path}?${query.toString()}`;
  }
  return page;
}
