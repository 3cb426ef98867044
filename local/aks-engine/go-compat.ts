// Go standard library behaviour the aks-engine code relies on, where JavaScript differs: time.ParseDuration,
// net.ParseIP/ParseCIDR, gofrs/uuid.FromString, base64.StdEncoding.DecodeString, url.Parse's escape errors, and
// fmt's treatment of a message used as a format string without arguments (log.Fatalf(fmt.Sprintf(...))).

const UNITS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** time.ParseDuration: nanoseconds, or undefined when Go refuses the text. */
export function parseGoDuration(text: string): number | undefined {
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  let total = 0;
  while (rest !== '') {
    const match = /^(\d*)(?:\.(\d*))?([^\d.]+)/.exec(rest);
    if (!match || (match[1] === '' && (match[2] ?? '') === '')) return undefined;
    const unit = UNITS[match[3]!];
    if (unit === undefined) return undefined;
    total += Number(`${match[1] || '0'}.${match[2] || '0'}`) * unit;
    rest = rest.slice(match[0].length);
  }
  return sign * total;
}

export interface GoIp {
  /** 4 or 16 bytes as Go keeps them (an IPv4 address parsed as such is 4 bytes here). */
  bytes: number[];
  v4: boolean;
}

/** net.ParseIP: dotted IPv4 (no leading zeros, as Go 1.17+) or IPv6 (with an embedded IPv4 tail allowed). */
export function parseGoIp(text: string): GoIp | undefined {
  const v4 = parseIpv4(text);
  if (v4) return { bytes: v4, v4: true };
  const v6 = parseIpv6(text);
  if (!v6) return undefined;
  const mapped = v6.slice(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
  return mapped ? { bytes: v6.slice(12), v4: true } : { bytes: v6, v4: false };
}

function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || (part.length > 1 && part.startsWith('0'))) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    bytes.push(value);
  }
  return bytes;
}

function parseIpv6(text: string): number[] | undefined {
  if (!/^[0-9A-Fa-f:.]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const out: number[] = [];
    const pieces = half.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (!v4) return undefined;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else {
        if (!/^[0-9A-Fa-f]{1,4}$/.test(piece)) return undefined;
        out.push(parseInt(piece, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 2 && missing < 1) || (halves.length === 1 && missing !== 0)) return undefined;
  const all = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return all.flatMap((group) => [group >> 8, group & 0xff]);
}

export interface GoCidr {
  /** The address as written (ParseCIDR's first result). */
  ip: GoIp;
  /** The network: the address with the host bits cleared. */
  network: number[];
  prefix: number;
  bits: number;
}

/** net.ParseCIDR */
export function parseGoCidr(text: string): GoCidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseGoIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!ip || !/^\d+$/.test(prefixText) || (prefixText.length > 1 && prefixText.startsWith('0'))) return undefined;
  // An IPv4 address written in IPv6 form still has 128 bits of mask in Go; written as IPv4 it has 32.
  const bits = text.slice(0, slash).includes(':') ? 128 : 32;
  const prefix = Number(prefixText);
  if (prefix > bits) return undefined;
  const bytes = bits === 32 ? ip.bytes : parseIpv6(text.slice(0, slash))!;
  const network = bytes.map((byte, i) => byte & maskByte(prefix, i));
  return { ip, network, prefix, bits };
}

function maskByte(prefix: number, index: number): number {
  const covered = Math.max(0, Math.min(8, prefix - index * 8));
  return (0xff << (8 - covered)) & 0xff;
}

/** IPNet.Contains */
export function cidrContains(cidr: GoCidr, ip: GoIp): boolean {
  let bytes = ip.bytes;
  if (cidr.bits === 32) {
    if (!ip.v4) return false;
  } else if (ip.v4) {
    bytes = [...Array<number>(10).fill(0), 0xff, 0xff, ...ip.bytes];
  }
  return bytes.every((byte, i) => (byte & maskByte(cidr.prefix, i)) === cidr.network[i]);
}

/** common.IP4BroadcastAddress for an IPv4 network. */
export function broadcastAddress(cidr: GoCidr): number[] {
  return cidr.network.map((byte, i) => byte | (~maskByte(cidr.prefix, i) & 0xff));
}

/** common.CidrFirstIP: the network address plus one. */
export function firstIp(cidr: GoCidr): number[] {
  const out = [...cidr.network];
  for (let i = out.length - 1; i >= 0; i--) {
    out[i] = (out[i]! + 1) & 0xff;
    if (out[i]! > 0) break;
  }
  return out;
}

export function sameIp(a: number[], b: GoIp): boolean {
  const other = a.length === 4 && !b.v4 ? undefined : b.bytes;
  return other !== undefined && a.length === other.length && a.every((byte, i) => byte === other[i]);
}

/** gofrs/uuid FromString: canonical, braced, "urn:uuid:" prefixed, or 32 hex digits. */
export function isGoUuid(text: string): boolean {
  const hex = '[0-9a-fA-F]';
  const canonical = `${hex}{8}-${hex}{4}-${hex}{4}-${hex}{4}-${hex}{12}`;
  return new RegExp(`^(?:${canonical}|\\{${canonical}\\}|urn:uuid:${canonical}|${hex}{32})$`).test(text);
}

/** base64.StdEncoding.DecodeString accepts it (padding required; CR and LF are skipped). */
export function isGoBase64(text: string): boolean {
  const stripped = text.replace(/[\r\n]/g, '');
  return stripped.length % 4 === 0 && /^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(stripped);
}

/** url.Parse's error for a bad %-escape (the only way a certificate URL fails in practice), else undefined. */
export function goUrlParseError(text: string): string | undefined {
  const bad = /%(?![0-9A-Fa-f]{2})(.{0,2})/.exec(text);
  if (!bad) return undefined;
  return `parse ${JSON.stringify(text)}: invalid URL escape ${JSON.stringify(`%${bad[1]}`)}`;
}

/**
 * fmt.Sprintf(message) with no arguments: what log.Fatalf(fmt.Sprintf("...: %s", err)) does to a message that
 * contains '%'. "%%" becomes "%", a verb becomes "%!v(MISSING)", a lone trailing "%" "%!(NOVERB)".
 */
export function goSprintfNoArgs(format: string): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%') {
      out += c;
      continue;
    }
    let j = i + 1;
    while (j < format.length && '+-# 0'.includes(format[j]!)) j++;
    while (j < format.length && /\d/.test(format[j]!)) j++;
    if (format[j] === '.') {
      j++;
      while (j < format.length && /\d/.test(format[j]!)) j++;
    }
    if (j >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(j)!);
    out += verb === '%' ? '%' : `%!${verb}(MISSING)`;
    i = j + verb.length - 1;
  }
  return out;
}
