#!/bin/sh
# Stands in for the VS Code binary, so the standard @vscode/test-electron entry runs offline:
#   runTests({ vscodeExecutablePath: 'test/vscode/code-shim.sh', extensionDevelopmentPath, extensionTestsPath, … })
# runTests() spawns this with --extensionDevelopmentPath=… --extensionTestsPath=… [workspace]
# plus desktop-only flags, which run-extension-tests.mjs accepts and ignores. It runs the suite
# in code-server + headless Chromium and exits with the suite's code (runTests resolves on 0 and
# rejects with "Test run failed with code N" otherwise). VSCODE_SHIM_NODE picks the Node (>= 20).
exec "${VSCODE_SHIM_NODE:-node}" "$(dirname "$(readlink -f "$0")")/run-extension-tests.mjs" "$@"
