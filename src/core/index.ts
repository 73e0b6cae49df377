// Public surface of the core library (no vscode import anywhere below here). The CLI, the
// extension and the simulator import the core through this file only (eslint.config.mjs).
export * from './errors';
export * from './events';
export * from './logger';
export * from './monitor';
export * from './backoff';
export * from './clock';
export { connectDirect, type PushConnect, type PushConnectOptions } from './connect';
export { PushClient, DEFAULT_HOST, splitHostPort, type Credentials, type PushClientOptions, type CreateMonitorOptions, type SessionDefaults } from './pushClient';
export { PushSession, type SessionState, type AckMode, type BatchInfo, type BatchCallback, type PushSessionOptions, type SessionStats, type ReconnectOptions, type PushSessionEvents } from './session';
export { MonitorRestClient, type MonitorRestClientOptions, type ListMonitorsOptions } from './rest';
export { RestConnection, DeviceCoreClient, DataStreamClient, DataPointClient, type RestConnectionOptions, type PagingLimits } from './rest';
export { isLoopbackHost } from './rest/endpoint';
export { proxyOptionsFromEnv, proxySecrets, redactProxyUrl, resolveProxy, type ProxyOptions, type ResolvedProxy, type ProxyTarget } from './proxy/proxyConfig';
export { eventRecord, gapRecord, isoLocal } from './eventRecord';
export * from './protocol/constants';
export * from './protocol/frames';
export { FrameDecoder, type FrameDecoderOptions } from './protocol/frameDecoder';
export { decodePublishPayload, payloadText, type PayloadDecodeOptions, type DecodedBatch } from './protocol/payload';
export * from './devices/types';
export { ItemReader, parseTime } from './devices/fields';
export { deviceFromItem, parseDevicePage } from './devices/deviceCore';
export { dataStreamFromItem, parseDataStreamPage, dataStreamCreateXml } from './devices/dataStream';
export { dataPointFromItem, parseDataPointPage, dataPointsXml, parseWriteLocations } from './devices/dataPoint';
export { checkStreamId } from './devices/ids';
export { parseTopicRule, parseTopicRules, topicPathSegments, topicRuleMatches, type TopicRule, type TopicTarget } from './topicRules';
export { likePatternRegex } from './likePattern';
