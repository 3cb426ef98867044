// The commands that fetch files through the API's short-lived links: kubeconfig, etcd client files, artifacts, logs.
import path from 'node:path';
import type { KubeconfigAccess } from '../types';
import type { CliContext } from './context';
import { UsageError } from './exit-codes';
import { mergeIntoKubeconfig } from './kubeconfig-merge';
import { table } from './render';
import { writeSecretFile } from './secret-files';

export interface KubeconfigFlags {
  output?: string;
  merge?: boolean;
  expiresIn?: number;
  access?: KubeconfigAccess;
}

export async function kubeconfigCommand(ctx: CliContext, name: string, flags: KubeconfigFlags): Promise<void> {
  const link = await ctx.client.getKubeconfigLink(name, { expiresInMinutes: flags.expiresIn, access: flags.access });
  const content = await ctx.client.download(link);
  // Who the certificate names and until when, or the break-glass warning: on stderr, so stdout stays the file.
  if ('certificate' in link) {
    const { user, group, serial, notAfter } = link.certificate;
    process.stderr.write(`Minted for ${user} in group ${group} (serial ${serial}), valid until ${notAfter}.\n`);
  } else process.stderr.write(`Break-glass: ${link.warning}\n`);
  if (flags.output) {
    writeSecretFile(flags.output, content);
    ctx.print(`Wrote the kubeconfig of ${name} to ${flags.output} (owner-only). Try: kubectl --kubeconfig ${flags.output} get nodes`);
  }
  if (flags.merge) {
    const merged = await mergeIntoKubeconfig(content);
    const context = merged.context ? `context '${merged.context}', now the current one` : 'its context';
    ctx.print(`Merged the kubeconfig of ${name} into ${merged.files.join(', ')}: ${context}. Try: kubectl get nodes`);
  }
  // Neither: the file itself on stdout, as `kind get kubeconfig` does, for a pipe or a redirect.
  if (!flags.output && !flags.merge) process.stdout.write(content);
}

export async function etcdCommand(ctx: CliContext, name: string, flags: { dir: string }): Promise<void> {
  const listing = await ctx.client.listArtifacts(name);
  const written: string[] = [];
  for (const file of listing.etcdctl.files) {
    // Through the artifacts route by name: the answer is a fresh link, then the bytes behind it.
    const target = path.join(flags.dir, path.basename(file.name));
    writeSecretFile(target, await ctx.client.downloadArtifact(name, file.name));
    written.push(target);
  }
  const directory = path.resolve(flags.dir);
  if (ctx.output === 'json') {
    return ctx.printJson({ directory, files: written, endpoint: listing.etcdctl.endpoint, command: listing.etcdctl.command });
  }
  process.stderr.write(`Downloaded ${written.map((file) => path.basename(file)).join(', ')} to ${directory} (owner-only).\n`);
  process.stderr.write(`Run this in ${directory}:\n`);
  ctx.print(listing.etcdctl.command);
}

export async function artifactsCommand(ctx: CliContext, name: string, file: string | undefined, flags: { dir?: string }): Promise<void> {
  if (file) {
    const target = path.join(flags.dir ?? '.', path.basename(file));
    writeSecretFile(target, await ctx.client.downloadArtifact(name, file));
    if (ctx.output === 'json') return ctx.printJson({ file: path.resolve(target) });
    return ctx.print(`Wrote ${target} (owner-only).`);
  }
  if (flags.dir) throw new UsageError('--dir goes with a FILE to download: aks-cosmos artifacts NAME FILE --dir DIR.');
  const listing = await ctx.client.listArtifacts(name);
  if (ctx.output === 'json') return ctx.printJson(listing);
  const rows = listing.value.map((entry) => [entry.name, entry.kind, String(entry.size), entry.downloadable ? 'yes' : 'no']);
  ctx.print(table(['NAME', 'KIND', 'SIZE', 'DOWNLOADABLE'], rows));
}

export async function logsCommand(ctx: CliContext, name: string, file: string | undefined): Promise<void> {
  if (file) {
    process.stdout.write(await ctx.client.downloadLog(name, file));
    return;
  }
  const logs = await ctx.client.listLogs(name);
  if (ctx.output === 'json') return ctx.printJson({ value: logs });
  if (logs.length === 0) return ctx.print(`Cluster ${name} has no logs.`);
  ctx.print(
    table(
      ['NAME', 'SIZE'],
      logs.map((log) => [log.name, String(log.size)]),
    ),
  );
  ctx.print(`Show one with: aks-cosmos logs ${name} FILE`);
}
