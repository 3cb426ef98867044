// The conformance corpus: apimodels under corpus/<group>/ (product: what the product renders for each shape its API
// accepts; vlabs: a broad valid set; invalid: one per validation rule). Files are .json, or .txt for texts that
// are not JSON on purpose.
import fs from 'node:fs';
import path from 'node:path';

export interface CorpusCase {
  /** "<group>/<file name without extension>" */
  id: string;
  group: string;
  text: string;
}

/** The corpus folder in the source tree (the compiled code runs from dist/, the data stays here). */
export const CORPUS_DIR = path.resolve(__dirname, '..', '..', '..', '..', 'local', 'aks-engine', 'conformance', 'corpus');

export function loadCorpus(dir = CORPUS_DIR): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const group of fs.readdirSync(dir).sort()) {
    const groupDir = path.join(dir, group);
    if (!fs.statSync(groupDir).isDirectory()) continue;
    for (const file of fs.readdirSync(groupDir).sort()) {
      if (!/\.(json|txt)$/.test(file)) continue;
      cases.push({ id: `${group}/${file.replace(/\.(json|txt)$/, '')}`, group, text: fs.readFileSync(path.join(groupDir, file), 'utf8') });
    }
  }
  return cases;
}
