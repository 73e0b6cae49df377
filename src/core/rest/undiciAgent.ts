// The two undici pieces the REST client uses: the keep-alive Agent and its request()
// API. Importing the package root also loads fetch, WebSocket, EventSource, mocks and
// caches, which nearly doubles every bundle that holds the client (the extension's
// among them); these deep modules are undici's own, unchanged.

import type { Agent as AgentType, Dispatcher } from 'undici';

/* eslint-disable @typescript-eslint/no-require-imports */
const AgentImpl = require('undici/lib/dispatcher/agent') as typeof AgentType;
const apiRequest = require('undici/lib/api/api-request') as (
  this: Dispatcher,
  options: Dispatcher.RequestOptions,
) => Promise<Dispatcher.ResponseData>;
/* eslint-enable @typescript-eslint/no-require-imports */

export type Agent = AgentType;

export function createAgent(options: AgentType.Options): Agent {
  return new AgentImpl(options);
}

/** `agent.request(options)` without the package root's prototype patching. */
export function request(agent: Agent, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  return apiRequest.call(agent, options);
}
