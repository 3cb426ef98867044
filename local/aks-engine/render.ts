// What generate and deploy share once the apimodel is loaded: SetPropertiesDefaults on the unversioned model
// (defaults, then the PKI), template generation, and the text of each file (pretty-printed as
// transform.PrettyPrintJSON does, unless asked not to); apimodel.json is the vlabs form of the defaulted model.
import { toUnversioned, toVlabs } from './apimodel/conversion';
import { armTemplateText, goMarshal, serializeApiModel, sortKeysDeep } from './apimodel/serialize';
import type { ContainerService } from './apimodel/types';
import { ensureCertificates } from './cluster-pki';
import { setPropertiesDefaults as applyDefaults } from './defaults/set-defaults';
import { log } from './log';
import { generateTemplate, type GeneratedTemplate } from './template-generation/arm-template';
import type { Artifacts } from './artifacts';

export interface Rendered {
  artifacts: Artifacts;
  generated: GeneratedTemplate;
  certsGenerated: boolean;
}

export interface Defaulted {
  /** The unversioned model after defaults, certificates included. */
  model: ContainerService;
  certsGenerated: boolean;
}

export const PARAMETERS_SCHEMA = 'http://schema.management.azure.com/schemas/2015-01-01/deploymentParameters.json#';

/** SetPropertiesDefaults: throws what aks-engine wraps as "error in SetPropertiesDefaults template ...". */
export async function setPropertiesDefaults(vlabs: ContainerService, keyBits: number): Promise<Defaulted> {
  const model = toUnversioned(vlabs);
  applyDefaults(model);
  const started = Date.now();
  const certsGenerated = await ensureCertificates(model, keyBits);
  if (certsGenerated) log.debug(`pki: PKI asset creation took ${((Date.now() - started) / 1000).toFixed(6)}s`);
  return { model, certsGenerated };
}

export function renderArtifacts(model: ContainerService, certsGenerated: boolean, prettyPrint: boolean): Rendered {
  const generated = generateTemplate(model);
  // Without pretty printing the template is the raw text of aks-engine's templates; compact JSON stands in for it.
  const template = prettyPrint ? armTemplateText(generated.template) : JSON.stringify(generated.template);
  // BuildAzureParametersFile wraps the values with $schema and contentVersion only when pretty printing.
  const parameters = prettyPrint
    ? goMarshal(sortKeysDeep({ $schema: PARAMETERS_SCHEMA, contentVersion: '1.0.0.0', parameters: generated.parameters }), '  ')
    : goMarshal(sortKeysDeep(generated.parameters));
  return { artifacts: { apiModelJson: `${serializeApiModel(toVlabs(model))}\n`, template, parameters }, generated, certsGenerated };
}
