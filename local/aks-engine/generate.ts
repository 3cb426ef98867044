// `aks-engine generate` (cmd/generate.go): validate args, merge --set, load and validate the apimodel, then write
// the ARM template, its parameters, the expanded apimodel and (when generated) the PKI and kubeconfigs.
import { existsSync, readFileSync } from 'node:fs';
import { goFileError, loadApiModel } from './apimodel/load';
import { mapSetValues, mergeValuesIntoApiModel } from './apimodel/set-values';
import type { ContainerService } from './apimodel/types';
import { writeArtifacts } from './artifacts';
import { goSprintfNoArgs } from './go-compat';
import { fatal, fatal as plainFatal, log } from './log';
import { loadTranslations } from './translations';
import { defaultOutputDirectory } from './output-layout';
import type { Defaulted } from './render';
import { readSettings } from './settings';
import { simulatedDelay } from './sim-delay';
import { goErrorText } from './go-errors';

export interface GenerateOptions {
  apiModel: string;
  outputDirectory: string;
  caCertificatePath: string;
  caPrivateKeyPath: string;
  set: string[];
  noPrettyPrint: boolean;
  parametersOnly: boolean;
  positional: string[];
  /** cobra's usage text, printed (to stderr) on argument errors like cmd.Usage() does. */
  printUsage: () => void;
}

/** generate reports load-time failures with log.Fatalf(fmt.Sprintf(...)): a '%' in the message is read as a verb. */
const loadFatal: (message: string) => never = (message) => fatal(goSprintfNoArgs(message));

export async function runGenerate(options: GenerateOptions): Promise<void> {
  const settings = readSettings();
  let apiModelPath = options.apiModel;
  // validate()
  try {
    loadTranslations();
  } catch (error) {
    loadFatal(`error validating generateCmd: error loading translation files: ${goErrorText(error)}`);
  }
  if (!apiModelPath) {
    if (options.positional.length === 1) apiModelPath = options.positional[0]!;
    else if (options.positional.length > 1) {
      options.printUsage();
      loadFatal("error validating generateCmd: too many arguments were provided to 'generate'");
    } else {
      options.printUsage();
      loadFatal('error validating generateCmd: --api-model was not supplied, nor was one specified as a positional argument');
    }
  }
  if (!existsSync(apiModelPath)) loadFatal(`error validating generateCmd: specified api model does not exist (${apiModelPath})`);

  // mergeAPIModel()
  if (options.set.length > 0) {
    try {
      apiModelPath = mergeValuesIntoApiModel(apiModelPath, mapSetValues(options.set));
    } catch (error) {
      loadFatal(`error merging API model in generateCmd: error merging --set values with the api model: ${goErrorText(error)}`);
    }
    log.info(`new api model file has been generated during merge: ${apiModelPath}`);
  }

  // loadAPIModel()
  let model: ContainerService;
  try {
    model = loadApiModel(apiModelPath, { validate: true });
  } catch (error) {
    loadFatal(`error loading API model in generateCmd: error parsing the api model: ${goErrorText(error)}`);
  }
  const outputDirectory = options.outputDirectory || defaultOutputDirectory(model.properties!.masterProfile!.dnsPrefix ?? '');
  applyCaFiles(model, options.caCertificatePath, options.caPrivateKeyPath, 'error loading API model in generateCmd', loadFatal);

  // run(). The renderer (certificates, ARM template) loads only now: a model refused above never pays for it.
  const { renderArtifacts, setPropertiesDefaults } = await import('./render.js');
  log.info(`Generating assets into ${outputDirectory}...`);
  await simulatedDelay(settings, 1500);
  let defaulted: Defaulted;
  try {
    defaulted = await setPropertiesDefaults(model, settings.pkiKeyBits);
  } catch (error) {
    fatal(`error in SetPropertiesDefaults template ${apiModelPath}: ${goErrorText(error)}`);
  }
  const rendered = renderArtifacts(defaulted.model, defaulted.certsGenerated, !options.noPrettyPrint);
  try {
    writeArtifacts(defaulted.model, rendered.artifacts, outputDirectory, defaulted.certsGenerated, options.parametersOnly);
  } catch (error) {
    fatal(`error writing artifacts: ${goErrorText(error)} \n`);
  }
}

/** --ca-certificate-path / --ca-private-key-path: both or neither; their contents go into certificateProfile. */
export function applyCaFiles(
  model: ContainerService,
  certificatePath: string,
  keyPath: string,
  prefix: string,
  fatal: (message: string) => never = plainFatal,
): void {
  if ((certificatePath && !keyPath) || (!certificatePath && keyPath)) {
    fatal(`${prefix}: --ca-certificate-path and --ca-private-key-path must be specified together`);
  }
  if (!certificatePath) return;
  let certificate: string;
  let key: string;
  try {
    certificate = readFileSync(certificatePath, 'utf8');
  } catch (error) {
    fatal(`${prefix}: failed to read CA certificate file: ${goFileError(error as NodeJS.ErrnoException, certificatePath)}`);
  }
  try {
    key = readFileSync(keyPath, 'utf8');
  } catch (error) {
    fatal(`${prefix}: failed to read CA private key file: ${goFileError(error as NodeJS.ErrnoException, keyPath)}`);
  }
  const profile = (model.properties!.certificateProfile ??= {});
  profile.caCertificate = certificate;
  profile.caPrivateKey = key;
}
