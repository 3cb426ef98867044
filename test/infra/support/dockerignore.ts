// The .dockerignore matching rules of BuildKit (moby/patternmatcher): patterns are relative to the
// context root, `*` and `?` stay within one path segment, `**` spans any number of segments, a pattern
// that matches a directory excludes everything below it, `!` re-includes, and the last matching
// pattern wins.
import fs from 'node:fs';
import path from 'node:path';

interface Pattern {
  source: string;
  negated: boolean;
  regex: RegExp;
}

function toRegex(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') {
          i++;
          out += '(?:.*/)?';
        } else out += '.*';
      } else out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '\\' && i + 1 < pattern.length) out += '\\' + pattern[++i];
    else if ('.+^${}()|[]'.includes(c)) out += '\\' + c;
    else out += c;
  }
  return new RegExp(`^${out}$`);
}

export function parseDockerignore(text: string): Pattern[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const negated = line.startsWith('!');
      let body = negated ? line.slice(1).trim() : line;
      body = path.posix.normalize(body).replace(/^\/+/, '').replace(/\/+$/, '');
      return { source: line, negated, regex: toRegex(body) };
    });
}

/** Whether a context-relative path (posix separators) is left out of the build context. */
export function isExcluded(patterns: Pattern[], relativePath: string): boolean {
  const segments = relativePath.split('/');
  let excluded = false;
  for (const pattern of patterns) {
    // the path itself or any parent directory matching the pattern
    let matches = false;
    for (let n = segments.length; n >= 1; n--) {
      if (pattern.regex.test(segments.slice(0, n).join('/'))) {
        matches = true;
        break;
      }
    }
    if (matches) excluded = !pattern.negated;
  }
  return excluded;
}

/** Every file that would be sent as build context, walking the tree and pruning excluded directories. */
export function contextFiles(root: string, patterns: Pattern[]): string[] {
  const files: string[] = [];
  const walk = (relative: string) => {
    const absolute = path.join(root, relative);
    for (const entry of fs.readdirSync(absolute, { withFileTypes: true })) {
      const rel = relative === '' ? entry.name : `${relative}/${entry.name}`;
      const hasNegation = patterns.some((p) => p.negated);
      if (isExcluded(patterns, rel) && (!entry.isDirectory() || !hasNegation)) continue;
      if (entry.isDirectory()) walk(rel);
      else files.push(rel);
    }
  };
  walk('');
  return files;
}
