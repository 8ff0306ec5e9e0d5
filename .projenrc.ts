import { awscdk, javascript } from 'projen';

/** What the scaler bundle contains besides the engine: AWS SDK v3 clients and Powertools, pinned. */
const SCALER_DEPS = [
  // The registry this project builds from serves no newer release of this client.
  '@aws-sdk/client-application-auto-scaling@3.1141.0',
  '@aws-sdk/client-cloudwatch@3.1164.0',
  '@aws-sdk/client-dynamodb@3.1164.0',
  '@aws-sdk/client-secrets-manager@3.1164.0',
  '@aws-sdk/client-sns@3.1164.0',
  '@aws-lambda-powertools/logger@2.36.0',
  '@aws-lambda-powertools/metrics@2.36.0',
];

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-dynamic-scaling',
  description:
    'DynamicScaling: keeps a provisioned DynamoDB table and its GSIs at the capacity a policy asks for, '
    + 'through native Application Auto Scaling, a bundled scaler Lambda, or both.',
  author: 'DynamicScaling contributors',
  authorAddress: 'maintainers@dynamic-scaling.dev',
  repositoryUrl: 'https://github.com/dynamic-scaling/cdk-dynamic-scaling.git',
  keywords: ['cdk', 'awscdk', 'dynamodb', 'autoscaling', 'capacity', 'dynamic-dynamodb'],
  license: 'Apache-2.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  stability: 'experimental',

  // Versions that work on this toolchain (see ARCHITECTURE.md).
  cdkVersion: '2.257.0',
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~6.0.3',
  minNodeVersion: '20.0.0',
  // Users need aws-cdk-lib >= 2.257 (the peer range); the tests run on a newer one whose policy
  // validation context carries the construct tree, which cdk-nag 3 packs read through `Validations`.
  peerDependencyOptions: { pinnedDevDependency: false },

  // jsii targets: packaging them needs registries this machine cannot reach, so the build only
  // checks the generated code of each (task `check:bindings`).
  publishToPypi: { distName: 'cdk-dynamic-scaling', module: 'cdk_dynamic_scaling' },
  publishToMaven: {
    javaPackage: 'dev.dynamicscaling.cdk',
    mavenGroupId: 'dev.dynamic-scaling',
    mavenArtifactId: 'cdk-dynamic-scaling',
  },
  publishToNuget: { dotNetNamespace: 'DynamicScaling.Cdk', packageId: 'DynamicScaling.Cdk' },
  publishToGo: { moduleName: 'github.com/dynamic-scaling/cdk-dynamic-scaling-go', packageName: 'dynamicscaling' },

  // CI is `.ci/run` on this project's own machines, not GitHub Actions.
  github: false,
  release: false,
  depsUpgrade: false,
  sampleCode: false,

  bin: { 'dynamic-scaling': 'lib/cli/main.js' },
  devDeps: [
    'aws-cdk-lib@2.276.0',
    'constructs@10.5.1',
    'cdk-nag@^3.0.2',
    'fast-check@^4.3.0',
    'esbuild@^0.25.0',
    'pngjs@^7.0.0',
    '@types/pngjs@^6.0.5',
    // The scaler runtime (lambda/): bundled into the Lambda asset by esbuild, so these are dev
    // dependencies of the package; the SDK is pinned, never the Lambda runtime's own copy.
    ...SCALER_DEPS,
    '@types/aws-lambda@^8.10.0',
    'aws-sdk-client-mock@^4.1.0',
    'dynalite@^4.0.0',
  ],

  jestOptions: {
    // A snapshot must be able to fail: never rewrite it during `npm test`.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testPathIgnorePatterns: ['/node_modules/', '/cdk.out/'],
      collectCoverage: false,
    },
  },

  gitignore: ['cdk.out/', '/bench-out/', '/.tmp/', '*.report.html'],

});

for (const p of ['/examples/', '/bench/', '/.ci/', '/docs/', '/data/', 'cdk.out/']) project.addPackageIgnore(p);

// Folders outside src/ and test/ that are type-checked and linted: each gets a tsconfig.json that
// extends the root one, so eslint's project service finds it.
for (const dir of ['examples', 'bench', 'lambda']) {
  new javascript.TypescriptConfig(project, {
    fileName: `${dir}/tsconfig.json`,
    extends: javascript.TypescriptConfigExtends.fromPaths(['../tsconfig.json']),
    include: ['**/*.ts'],
    compilerOptions: { rootDir: '..', noEmit: true },
  });
  project.eslint?.addLintPattern(dir);
}
// The scaler's SDK and Powertools are bundled into its asset: dev dependencies of the package.
project.eslint?.allowDevDeps('lambda/**');
project.eslint?.allowDevDeps('bench/**');

const tsNode = 'ts-node --transpile-only --project test/tsconfig.json';

project.addTask('demo', {
  description: 'Synthesize the example app offline into cdk.out/ and print what was chosen and why',
  exec: `${tsNode} examples/demo.ts`,
});

project.addTask('bench', {
  description: 'Run the benchmarks and print their tables (not a test: machines are noisy)',
  exec: `${tsNode} bench/run.ts`,
});

// The scaler bundle (the Lambda's code and `dynamic-scaling run`'s runtime): lambda/bundle.ts
// holds the esbuild options, shared with the tests that run the bundle.
const bundleScaler = project.addTask('bundle:scaler', {
  description: 'Bundle the scaler (lambda/index.ts) with esbuild into assets/scaler/',
  exec: 'ts-node --transpile-only --project lambda/tsconfig.json lambda/bundle.ts assets/scaler',
});
project.preCompileTask.spawn(bundleScaler);
project.gitignore.exclude('/assets/');

// The generated bindings of every jsii target are checked for every build (code only: packaging
// them needs PyPI, Maven, NuGet and the Go proxy, which this machine cannot reach).
const checkBindings = project.addTask('check:bindings', {
  description: 'Generate the Python, Java, .NET and Go bindings (code only) to prove the API is jsii-clean for each',
  exec: 'jsii-pacmak --target python --target java --target dotnet --target go --code-only --outdir .tmp/pacmak',
});
project.postCompileTask.spawn(checkBindings);

project.synth();
