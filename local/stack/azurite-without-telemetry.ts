// Preloaded into the Azurite process (node --require), which always runs with --disableTelemetry. Azurite's
// Telemetry module requires Application Insights when it loads, telemetry on or off, and that pulls in about 3,000
// OpenTelemetry modules: 1.6 of Azurite's 2.8 s of start-up CPU. With telemetry off Azurite never touches the
// module, so an empty one stands in for it.
import Module from 'node:module';
import path from 'node:path';

const azuriteFolder = path.dirname(require.resolve('azurite/package.json'));
const applicationInsights = require.resolve('applicationinsights', { paths: [azuriteFolder] });
const empty = new Module(applicationInsights);
empty.filename = applicationInsights;
empty.loaded = true;
require.cache[applicationInsights] = empty;
