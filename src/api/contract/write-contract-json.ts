// Build step (`npm run build`, `npm run build:src`): writes the JSON copy of openapi.yaml that the app loads at
// start instead of parsing the YAML.
import { contractFile, contractJsonFile, writeContractJson } from './openapi';

writeContractJson(contractFile, contractJsonFile);
