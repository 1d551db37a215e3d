module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  // Fixture Pulumi projects are programs for tests to run, not code of this package.
  ignorePatterns: ['src/testUtils/fixtures/'],
});
