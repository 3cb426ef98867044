// What scale and upgrade do with the deployed apimodel: load it from the deployment folder (as apiloader does,
// validating), SetPropertiesDefaults for an update, generate the ARM template and parameters as plain JSON maps
// (as aks-engine unmarshals them before transforming), and write apimodel.json back.
import { toUnversioned, toVlabs } from './apimodel/conversion';
import { loadApiModel } from './apimodel/load';
import { serializeApiModel } from './apimodel/serialize';
import type { ContainerService } from './apimodel/types';
import { saveFile } from './artifacts';
import { ensureCertificates } from './cluster-pki';
import { setPropertiesDefaults } from './defaults/set-defaults';
import { OUTPUT_FILES } from './output-layout';
import { generateTemplate } from './template-generation/arm-template';

type Json = Record<string, unknown>;

/** apiloader.LoadContainerServiceFromFile: the vlabs file as the unversioned model. */
export function loadDeployedModel(apiModelPath: string, validate: boolean): ContainerService {
  return toUnversioned(loadApiModel(apiModelPath, { validate }));
}

/** SetPropertiesDefaults(isUpgrade || isScale) on the model itself (aks-engine changes the model in place). */
export async function applyUpdateDefaults(model: ContainerService, keyBits: number): Promise<void> {
  setPropertiesDefaults(model, { isUpdate: true });
  await ensureCertificates(model, keyBits);
}

/** GenerateTemplate, then json.Unmarshal of the template and of the parameters. */
export function templateMaps(model: ContainerService): { template: Json; parameters: Json } {
  const generated = generateTemplate(model);
  return {
    template: JSON.parse(JSON.stringify(generated.template)) as Json,
    parameters: JSON.parse(JSON.stringify(generated.parameters)) as Json,
  };
}

/** SerializeContainerService (vlabs, two-space indent, final newline) saved as apimodel.json with FileSaver. */
export function saveApiModel(directory: string, model: ContainerService): void {
  saveFile(directory, OUTPUT_FILES.apiModel, `${serializeApiModel(toVlabs(model))}\n`);
}
