// jsonc-parser (Microsoft's parser of JSON with comments, the one VS Code uses), required on
// first use: only a workspace with a .vscode/digi-monitors.json needs it, activation does not.
// The extension's build makes it a file of its own (scripts/build.mjs: dist/jsonc-lib.js);
// under Node (tests) this is an ordinary require of the package.

import type * as JsoncParser from 'jsonc-parser';

export type Jsonc = typeof JsoncParser;
export type JsonNode = JsoncParser.Node;

let lib: Jsonc | undefined;

export function jsonc(): Jsonc {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  lib ??= require('jsonc-parser') as Jsonc;
  return lib;
}
