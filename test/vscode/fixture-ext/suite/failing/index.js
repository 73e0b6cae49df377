// extensionTestsPath that must FAIL: the passing suite plus one deliberately failing test.
// The harness self-test checks that the run exits non-zero and names the failing test.
/* eslint-disable @typescript-eslint/no-require-imports */
const path = require('node:path');
const { runMocha, testFilesIn } = require('../mocha-run');

exports.run = () => runMocha([...testFilesIn(path.join(__dirname, '..')), path.join(__dirname, 'deliberate.fail.js')]);
