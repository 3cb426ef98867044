// i18n.LoadTranslations: aks-engine writes its message catalog (gettext .po and compiled .mo) under
// ./translations/<language>/LC_MESSAGES/ of the working directory before anything else, folders 0700 and files
// 0600, keeping files that exist. Only en_US ships; another supported $LANG fails because its catalog is missing.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const DEFAULT_LANGUAGE = 'en_US';
const DOMAIN = 'acsengine';
const SUPPORTED = new Set(['en_US', 'cs_CZ', 'de_DE', 'es_ES', 'fr_FR', 'hu_HU', 'it_IT', 'ja_JP', 'ko_KR', 'nl_NL', 'pl_PL', 'pt_BR']);
['pt_PT', 'ru_RU', 'sv_SE', 'tr_TR', 'zh_CN', 'zh_TW'].forEach((language) => SUPPORTED.add(language));

/** loadSystemLanguage: the language part of $LANG when aks-engine knows it, else en_US. */
export function systemLanguage(env: NodeJS.ProcessEnv = process.env): string {
  const language = (env.LANG ?? '').split('.')[0] ?? '';
  return SUPPORTED.has(language) ? language : DEFAULT_LANGUAGE;
}

const HEADER = [
  'Project-Id-Version: acsengine',
  'Language: en_US',
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=UTF-8',
  'Content-Transfer-Encoding: 8bit',
  'Plural-Forms: nplurals=2; plural=(n != 1);',
  '',
].join('\n');

function poFile(): string {
  const header = HEADER.split('\n')
    .filter((line) => line)
    .map((line) => `"${line}\\n"`)
    .join('\n');
  return (
    `# English messages of aks-engine (the simulator's catalog holds the header ` +
    `only: messages are the source strings).\nmsgid ""\nmsgstr ""\n${header}\n`
  );
}

/** A GNU .mo catalog with the header entry only. */
function moFile(): Buffer {
  const original = Buffer.from('\0');
  const translation = Buffer.from(`${HEADER}\0`);
  const headerSize = 28;
  const tables = headerSize + 16;
  const buffer = Buffer.alloc(tables + original.length + translation.length);
  buffer.writeUInt32LE(0x950412de, 0); // magic
  buffer.writeUInt32LE(0, 4); // revision
  buffer.writeUInt32LE(1, 8); // number of strings
  buffer.writeUInt32LE(headerSize, 12); // offset of the original strings table
  buffer.writeUInt32LE(headerSize + 8, 16); // offset of the translations table
  buffer.writeUInt32LE(0, 20); // hash table size
  buffer.writeUInt32LE(0, 24); // hash table offset
  buffer.writeUInt32LE(0, headerSize); // original: length 0 (the empty msgid)
  buffer.writeUInt32LE(tables, headerSize + 4);
  buffer.writeUInt32LE(translation.length - 1, headerSize + 8);
  buffer.writeUInt32LE(tables + original.length, headerSize + 12);
  original.copy(buffer, tables);
  translation.copy(buffer, tables + original.length);
  return buffer;
}

/** Writes the catalog like LoadTranslations; throws go-bindata's error for a language it does not ship. */
export function loadTranslations(cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): void {
  const language = systemLanguage(env);
  const dir = path.join('translations', language, 'LC_MESSAGES');
  mkdirSync(path.join(cwd, dir), { recursive: true, mode: 0o700 });
  for (const file of [`${DOMAIN}.mo`, `${DOMAIN}.po`]) {
    const target = path.join(cwd, dir, file);
    if (existsSync(target)) continue;
    if (language !== DEFAULT_LANGUAGE) throw new Error(`Asset ${path.join(dir, file)} not found`);
    writeFileSync(target, file.endsWith('.mo') ? moFile() : poFile(), { mode: 0o600 });
  }
}
