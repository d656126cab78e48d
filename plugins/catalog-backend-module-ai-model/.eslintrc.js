module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  testRules: {
    // The registry providers' tests share their last-good-run check.
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'expectLastGoodKept'] },
    ],
  },
});
