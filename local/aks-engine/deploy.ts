// `aks-engine deploy` (cmd/deploy.go), step for step: validateArgs, mergeAPIModel, loadAPIModel (which checks the
// auth flags, gets an ARM client and autofills the model: dnsPrefix, output dir, resource group PUT, SSH key,
// service principal), validateApimodel, then run: defaults + PKI, write the artifacts, submit the ARM deployment
// of azuredeploy.json (Incremental, named <rg>-<random int31>) and wait for it.
import { randomInt } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultModel } from './apimodel/defaults';
import { loadApiModel } from './apimodel/load';
import { serializeApiModel } from './apimodel/serialize';
import { mapSetValues, mergeValuesIntoApiModel } from './apimodel/set-values';
import type { ContainerService } from './apimodel/types';
import { validateProperties } from './apimodel/validate';
import { deployTemplate as deployArmTemplate, DeployTemplateError } from './arm-deployment';
import { ensureResourceGroup, getClient, validateAuthArgs as validateAuth, ZERO_UUID, type AuthOptions } from './auth-args';
import { saveFile, writeArtifacts } from './artifacts';
import { normalizeAzureRegion } from './azure-locations';
import type { AzureClients } from './azure-clients';
import { VERSION } from './commands';
import { applyCaFiles } from './generate';
import { goErrorText } from './go-errors';
import { fatal, goPanic, log } from './log';
import { defaultOutputDirectory, sshPrivateKeyFile } from './output-layout';
import { renderArtifacts, setPropertiesDefaults, type Defaulted } from './render';
import { assignContributor, createApplication } from './service-principal';
import { isKnownAzureEnvironment, readSettings, type SimulatorSettings } from './settings';
import { simulatedDelay } from './sim-delay';
import { loadTranslations } from './translations';
import { createSshKeyPair } from './ssh-key';

/** deploy's flags: its own and the authentication flags every Azure command shares. */
export interface DeployOptions extends AuthOptions {
  apiModel: string;
  dnsPrefix: string;
  autoSuffix: boolean;
  outputDirectory: string;
  caCertificatePath: string;
  caPrivateKeyPath: string;
  resourceGroup: string;
  location: string;
  forceOverwrite: boolean;
  set: string[];
  positional: string[];
  printUsage: () => void;
}

export async function runDeploy(o: DeployOptions): Promise<void> {
  const settings = readSettings(isKnownAzureEnvironment(o.azureEnv) ? o.azureEnv : undefined);
  const started = Date.now();

  // validateArgs
  try {
    loadTranslations();
  } catch (error) {
    fatal(`error validating deployCmd: error loading translation files: ${goErrorText(error)}`);
  }
  let apiModelPath = o.apiModel;
  if (!apiModelPath) {
    if (o.positional.length === 1) apiModelPath = o.positional[0]!;
    else if (o.positional.length > 1) {
      o.printUsage();
      fatal("error validating deployCmd: too many arguments were provided to 'deploy'");
    }
  }
  if (apiModelPath && !existsSync(apiModelPath)) fatal(`error validating deployCmd: specified api model does not exist (${apiModelPath})`);
  if (!o.location) fatal('error validating deployCmd: --location must be specified');
  const location = normalizeAzureRegion(o.location);

  // mergeAPIModel
  if (!apiModelPath) {
    log.info('no --api-model was specified, using default model');
    apiModelPath = writeDefaultModelFile();
    log.info(`default api model generated at ${apiModelPath}`);
  }
  if (o.set.length > 0) {
    try {
      apiModelPath = mergeValuesIntoApiModel(apiModelPath, mapSetValues(o.set));
    } catch (error) {
      fatal(`error merging API model in deployCmd: error merging --set values with the api model: ${apiModelPath}: ${goErrorText(error)}`);
    }
    log.info(`new api model file has been generated during merge: ${apiModelPath}`);
  }

  // loadAPIModel: parse without validating (validation comes after autofill)
  let model: ContainerService;
  try {
    model = loadApiModel(apiModelPath, { validate: false });
  } catch (error) {
    fatal(`failed to load apimodel: error parsing the api model: ${goErrorText(error)}`);
  }
  const p = model.properties!;
  // The output directory is computed before --dns-prefix is applied (v0.32.3 bug #597): with an empty
  // dnsPrefix in the model everything lands in _output itself.
  if (!p.masterProfile) goPanic('github.com/Azure/aks-engine/cmd.(*deployCmd).loadAPIModel');
  let outputDirectory = o.outputDirectory || defaultOutputDirectory(p.masterProfile.dnsPrefix ?? '');
  applyCaFiles(model, o.caCertificatePath, o.caPrivateKeyPath, 'failed to load apimodel');
  if (!model.location) model.location = location;
  else if (model.location !== location) fatal('failed to load apimodel: --location does not match api model location');

  const auth = validateAuthArgs(o);
  await simulatedDelay(settings, 2000);
  let clients: AzureClients;
  try {
    clients = await getClient(o, auth.subscriptionId, settings);
  } catch (error) {
    fatal(`failed to load apimodel: failed to get client: ${goErrorText(error)}`);
  }

  // autofillApimodel
  let resourceGroup = o.resourceGroup;
  try {
    ({ resourceGroup, outputDirectory } = await autofill(model, o, clients, settings, {
      resourceGroup,
      outputDirectory,
      location,
      clientId: auth.clientId,
      started,
    }));
  } catch (error) {
    fatal(`failed to load apimodel: ${goErrorText(error)}`);
  }

  // validateApimodel
  try {
    validateApimodel(model);
  } catch (error) {
    fatal(`Failed to validate the apimodel after populating values: ${goErrorText(error)}`);
  }

  // run
  let defaulted: Defaulted;
  try {
    defaulted = await setPropertiesDefaults(model, settings.pkiKeyBits);
  } catch (error) {
    fatal(`error in SetPropertiesDefaults template ${apiModelPath}: ${goErrorText(error)}`);
  }
  const rendered = renderArtifacts(defaulted.model, defaulted.certsGenerated, true);
  try {
    writeArtifacts(defaulted.model, rendered.artifacts, outputDirectory, defaulted.certsGenerated, false);
  } catch (error) {
    fatal(`error writing artifacts: ${goErrorText(error)} \n`);
  }
  const deploymentName = `${resourceGroup}-${randomInt(2 ** 31 - 1)}`;
  await deployTemplate(
    clients,
    settings,
    resourceGroup,
    deploymentName,
    rendered.generated.template,
    rendered.generated.parameters,
    started,
  );
}

/** The default model written to a temp file named like ioutil.TempFile does in mergeAPIModel. */
function writeDefaultModelFile(): string {
  const prefix = `aks-engine-default-api-model_${VERSION.GitCommit}-${VERSION.GitTreeState}_`;
  for (;;) {
    const file = path.join(tmpdir(), `${prefix}${randomInt(1_000_000_000)}`);
    try {
      writeFileSync(file, `${serializeApiModel(defaultModel(), '\t')}\n`, { flag: 'wx', mode: 0o600 });
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** authArgs.validateAuthArgs, its errors as deploy reports them. */
function validateAuthArgs(o: DeployOptions): { subscriptionId: string; clientId: string } {
  try {
    return validateAuth(o);
  } catch (error) {
    fatal(`failed to load apimodel: ${(error as Error).message}`);
  }
}

interface AutofillState {
  resourceGroup: string;
  outputDirectory: string;
  location: string;
  clientId: string;
  started: number;
}

async function autofill(
  model: ContainerService,
  o: DeployOptions,
  clients: AzureClients,
  settings: SimulatorSettings,
  state: AutofillState,
): Promise<{ resourceGroup: string; outputDirectory: string }> {
  const p = model.properties!;
  const m = p.masterProfile!;
  if (p.linuxProfile && !p.linuxProfile.adminUsername) {
    log.warn("apimodel: no linuxProfile.adminUsername was specified. Will use 'azureuser'.");
    p.linuxProfile.adminUsername = 'azureuser';
  }
  if (o.dnsPrefix && m.dnsPrefix)
    throw new Error('invalid configuration: the apimodel masterProfile.dnsPrefix and --dns-prefix were both specified');
  if (!m.dnsPrefix) {
    if (!o.dnsPrefix) throw new Error('apimodel: missing masterProfile.dnsPrefix and --dns-prefix was not specified');
    log.warn(`apimodel: missing masterProfile.dnsPrefix will use ${JSON.stringify(o.dnsPrefix)}`);
    m.dnsPrefix = o.dnsPrefix;
  }
  if (o.autoSuffix) m.dnsPrefix += `-${Math.floor(Date.now() / 1000).toString(16)}`;
  const outputDirectory = state.outputDirectory || defaultOutputDirectory(m.dnsPrefix!);
  if (existsSync(outputDirectory) && !o.forceOverwrite) {
    throw new Error(`Output directory already exists and forceOverwrite flag is not set: ${outputDirectory}`);
  }
  let resourceGroup = state.resourceGroup;
  if (!resourceGroup) {
    log.warn(`--resource-group was not specified. Using the DNS prefix from the apimodel as the resource group name: ${m.dnsPrefix}`);
    resourceGroup = m.dnsPrefix!;
  }
  const keys = p.linuxProfile?.ssh?.publicKeys;
  if (p.linuxProfile && (!keys || keys.length === 0 || !keys[0]?.keyData)) {
    log.debug(`ssh: generating ${settings.sshKeyBits}bit rsa key`);
    try {
      const pair = await createSshKeyPair(settings.sshKeyBits);
      saveFile(outputDirectory, sshPrivateKeyFile(p.linuxProfile.adminUsername!), pair.privateKeyPem);
      p.linuxProfile.ssh = { ...p.linuxProfile.ssh, publicKeys: [{ keyData: pair.publicKey }] };
    } catch (error) {
      throw new Error(`Failed to generate SSH Key: ${goErrorText(error)}`, { cause: error });
    }
  }

  await ensureResourceGroup(clients, resourceGroup, state.location);

  const deadline = state.started + settings.armTimeoutMs;
  if (!p.orchestratorProfile) goPanic('github.com/Azure/aks-engine/cmd.autofillApimodel');
  const useManagedIdentity = p.orchestratorProfile.kubernetesConfig?.useManagedIdentity === true;
  if (!useManagedIdentity) {
    const sp = p.servicePrincipalProfile;
    // As in aks-engine: the parsed --client-id is the zero UUID when absent or invalid.
    if (sp && !sp.clientId && !sp.secret && !sp.keyvaultSecretRef && state.clientId === ZERO_UUID && !o.clientSecret) {
      log.warn('apimodel: ServicePrincipalProfile was missing or empty, creating application...');
      await simulatedDelay(settings, 3000);
      const appName = m.dnsPrefix!;
      let created;
      try {
        created = await createApplication(clients, appName, `https://${appName}/`);
      } catch (error) {
        throw new Error(
          `apimodel invalid: ServicePrincipalProfile was empty, and we failed to create valid credentials: ${goErrorText(error)}`,
          { cause: error },
        );
      }
      log.warn(
        `created application with applicationID (${created.applicationId}) ` +
          `and servicePrincipalObjectID (${created.servicePrincipalObjectId}).`,
      );
      log.warn('apimodel: ServicePrincipalProfile was empty, assigning role to application...');
      try {
        await assignContributor(clients, resourceGroup, created.servicePrincipalObjectId, settings.roleAssignmentRetryIntervalMs, deadline);
      } catch (error) {
        throw new Error(`apimodel: could not create or assign ServicePrincipal: ${goErrorText(error)}`, { cause: error });
      }
      p.servicePrincipalProfile = { clientId: created.applicationId, secret: created.secret, objectId: created.servicePrincipalObjectId };
    } else if ((!sp || ((!sp.clientId || sp.clientId === ZERO_UUID) && !sp.secret)) && o.clientSecret) {
      // ClientID.String() is never "" in aks-engine, so only the secret decides; an absent id copies as the zero UUID.
      p.servicePrincipalProfile = { clientId: state.clientId, secret: o.clientSecret };
    }
  }
  return { resourceGroup, outputDirectory };
}

/** deployCmd.validateApimodel: the Kubernetes service principal check, then the full vlabs validation. */
function validateApimodel(model: ContainerService): void {
  const p = model.properties!;
  const sp = p.servicePrincipalProfile;
  if ((p.orchestratorProfile?.orchestratorType ?? '').toLowerCase() === 'kubernetes') {
    if (!sp || !sp.clientId || (!sp.secret && !sp.keyvaultSecretRef)) {
      const k = p.orchestratorProfile?.kubernetesConfig;
      if (k && !k.useManagedIdentity) {
        throw new Error(
          'when using the kubernetes orchestrator, must either set useManagedIdentity in the kubernetes config ' +
            'or set --client-id and --client-secret or KeyvaultSecretRef of secret (also available in the API model)',
        );
      }
    }
  }
  validateProperties(p);
}

/** armhelpers.DeployTemplate plus deploy's handling of its error: log.Fatalf with the error's text. */
async function deployTemplate(
  clients: AzureClients,
  settings: SimulatorSettings,
  resourceGroup: string,
  name: string,
  template: unknown,
  parameters: unknown,
  started: number,
): Promise<void> {
  try {
    await deployArmTemplate(clients, settings, resourceGroup, name, template, parameters, started + settings.armTimeoutMs);
  } catch (error) {
    if (error instanceof DeployTemplateError) fatal(error.message);
    throw error;
  }
}
