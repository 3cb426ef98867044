// The app's entry point: every function registration. The build bundles it with the packages it uses into one file,
// dist/app/main.cjs (package.json "main"), which the Functions worker loads: resolving and loading some 500 modules
// one by one was most of a cold start's CPU.
import './functions/clusters';
import './functions/credentials';
import './functions/provisioning';
