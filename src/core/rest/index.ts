// Public surface of the REST side: the /ws/Monitor client and its option types.
export { MonitorRestClient, type ListMonitorsOptions, type MonitorRestClientOptions } from './monitorClient';
export { type RestCredentials } from './endpoint';
export { DEFAULT_RETRY, type RetryOptions } from './retry';
export { RestConnection, type RestConnectionOptions, type RestResponse, type SendOptions, type HttpMethod } from './restConnection';
