// apiloader.LoadContainerServiceFromFile: read, decode strictly, and (for generate) validate at load.
import { readFileSync } from 'node:fs';
import { parseApiModelText } from './strict-json';
import type { ContainerService } from './types';
import { validateProperties } from './validate';

export class ApiModelLoadError extends Error {}

export function loadApiModel(file: string, options: { validate: boolean }): ContainerService {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ApiModelLoadError(`error reading file ${file}: ${goFileError(error as NodeJS.ErrnoException, file)}`);
  }
  const model = parseApiModelText(text) as unknown as ContainerService;
  if (!model.properties) throw new ApiModelLoadError('missing ContainerService Properties');
  const orchestrator = model.properties.orchestratorProfile?.orchestratorType;
  if (orchestrator && orchestrator !== 'Kubernetes') {
    throw new ApiModelLoadError(
      `orchestratorType ${orchestrator} is valid for aks-engine v0.32.3 but this simulator only simulates Kubernetes`,
    );
  }
  if (options.validate) validateProperties(model.properties);
  return model;
}

/** Go's *PathError text: "open <file>: no such file or directory". */
export function goFileError(error: NodeJS.ErrnoException, file: string): string {
  const reasons: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EISDIR: 'is a directory',
  };
  return error.code === 'EISDIR' ? `read ${file}: is a directory` : `open ${file}: ${reasons[error.code ?? ''] ?? error.message}`;
}
