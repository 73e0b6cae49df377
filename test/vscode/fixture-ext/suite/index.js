// extensionTestsPath of the fixture's passing suite: every suite/*.test.js.
/* eslint-disable @typescript-eslint/no-require-imports */
const { runMocha, testFilesIn } = require('./mocha-run');

exports.run = () => runMocha(testFilesIn(__dirname));
