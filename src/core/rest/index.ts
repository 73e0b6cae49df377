// Public surface of the REST side: the shared connection, the /ws/Monitor client, the device-data clients and their option types.
export { MonitorRestClient, type ListMonitorsOptions, type MonitorRestClientOptions } from './monitorClient';
export { type RestCredentials } from './endpoint';
export { DEFAULT_RETRY, type RetryOptions } from './retry';
export { RestConnection, type RestConnectionOptions, type RestResponse, type SendOptions, type HttpMethod } from './restConnection';
export { DeviceCoreClient } from './deviceCoreClient';
export { DataStreamClient } from './dataStreamClient';
export { DataPointClient } from './dataPointClient';
export { type PagingLimits } from './answers';
