// `node dist/local/support/eager-bundle.js <bundle.cjs>...`: makes V8 compile the module bodies of an esbuild
// bundle when it compiles the file, so that Node's compile cache (NODE_COMPILE_CACHE, which every process of a test
// run and of `npm start` uses) keeps them. esbuild wraps each module as a method, `"path"(exports, module) {...}`,
// which V8 compiles lazily on its first call; the cache holds only what was compiled with the file, so every
// process compiled the bodies again: about 0.1 s of each Functions host's start. A function expression in
// parentheses is compiled eagerly (V8's heuristic for functions called at once), and calls the same.
import fs from 'node:fs';

const wrapperStart = /^var [\w$]+ = __(?:commonJS|esm)\(\{$/;
const moduleHead = /^ {2}("[^"]+")\((.*)\) \{$/;

/** The bundle's text with every module wrapper made a parenthesized function expression; throws if one has another shape. */
export function eagerBundle(text: string): { text: string; modules: number } {
  const lines = text.split('\n');
  const out: string[] = [];
  let modules = 0;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    out.push(line);
    if (!wrapperStart.test(line)) continue;
    const head = moduleHead.exec(lines[index + 1] ?? '');
    if (!head) throw new Error(`line ${index + 2}: a module wrapper of an unknown shape: ${lines[index + 1]}`);
    // The body is indented further; the wrapper ends at the first line "  }" followed by "});".
    let end = index + 2;
    while (end + 1 < lines.length && !(lines[end] === '  }' && lines[end + 1] === '});')) end++;
    if (end + 1 >= lines.length) throw new Error(`line ${index + 1}: the module wrapper does not end`);
    out.push(`  ${head[1]}: (function(${head[2]}) {`, ...lines.slice(index + 2, end), '  })');
    index = end; // "});" is pushed by the next turn
    modules++;
  }
  const wrappers = (text.match(/= __(?:commonJS|esm)\(\{$/gm) ?? []).length;
  if (wrappers !== modules) throw new Error(`${wrappers} module wrappers, ${modules} rewritten`);
  return { text: out.join('\n'), modules };
}

if (require.main === module) {
  for (const file of process.argv.slice(2)) fs.writeFileSync(file, eagerBundle(fs.readFileSync(file, 'utf8')).text);
}
