// The scripts (integration suites, runners, benchmarks) are linted as a
// command-line package: `npm run lint:scripts`.
module.exports =
  require('@backstage/cli/config/eslint-factory').createConfigForRole(
    __dirname,
    'cli',
  );
