// For plain-Node tests of a question-asking flow (the Create Monitor wizard) driven by a
// scripted Prompter: import this module before the flow, and `require('vscode')` returns the
// little the flow touches besides the Prompter (QuickPickItemKind, an information message).
import Module from 'node:module';

/** Texts of showInformationMessage calls, in order. */
export const shownMessages: string[] = [];

const stub = {
  QuickPickItemKind: { Separator: -1, Default: 0 },
  window: {
    showInformationMessage: async (text: string) => void shownMessages.push(text),
  },
};

const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
const load = loader._load;
loader._load = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? stub : load.call(this, request, ...rest);
};
