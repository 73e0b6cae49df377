// For plain-Node tests of an extension module whose only vscode use is
// commands.executeCommand (TreeController's setContext): import this module before that
// one, and `require('vscode')` returns a stub that records the calls.
import Module from 'node:module';

/** [command, ...args] of every executeCommand call, in order. */
export const executedCommands: unknown[][] = [];

const stub = {
  commands: {
    executeCommand: (...args: unknown[]) => {
      executedCommands.push(args);
      return Promise.resolve(undefined);
    },
  },
};

const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
const load = loader._load;
loader._load = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? stub : load.call(this, request, ...rest);
};
