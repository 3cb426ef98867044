// Error texts in Go's shape, so that FATA lines read like aks-engine's: *PathError for file system calls
// ("open x: permission denied", "mkdir x: no such file or directory"), otherwise the error's message.

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  EEXIST: 'file exists',
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
};

export function goErrorText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e && typeof e === 'object' && typeof e.code === 'string' && typeof e.syscall === 'string' && e.path) {
    return `${e.syscall} ${e.path}: ${REASONS[e.code] ?? e.message}`;
  }
  return e instanceof Error ? e.message : String(error);
}
