// The product's whole cluster lifecycle on the local stack, with a given aks-engine binary.
export interface LifecycleOptions {
  root: string;
  aksEnginePath: string;
}

export async function runLifecycle(options: LifecycleOptions): Promise<boolean> {
  process.stdout.write(`lifecycle with ${options.aksEnginePath}: not built yet\n`);
  return false;
}
