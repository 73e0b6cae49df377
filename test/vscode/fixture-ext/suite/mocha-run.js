// Shared by the fixture's test entries: runs the given mocha test files inside the extension
// host and settles the promise VS Code awaits (reject = exit code 1 for the harness).
/* eslint-disable @typescript-eslint/no-require-imports */
const path = require('node:path');
const Mocha = require('mocha');

// Per-test timeout above the 60 s waits of extension.test.js, so those report what they waited for.
function runMocha(files, { timeout = 90000 } = {}) {
  // color:false: the output goes through the workbench console relay, not a terminal.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout, reporter: 'spec' });
  for (const f of files) mocha.addFile(path.resolve(f));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} test${failures === 1 ? '' : 's'} failed.`));
        else resolve();
      });
    } catch (err) {
      reject(err);
    }
  });
}

function testFilesIn(dir) {
  return require('node:fs').readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort().map((f) => path.join(dir, f));
}

module.exports = { runMocha, testFilesIn };
