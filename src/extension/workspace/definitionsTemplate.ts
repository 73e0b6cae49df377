// What "Open Workspace Monitors File" puts in a new .vscode/digi-monitors.json: a commented
// example that is valid as it stands (one monitor on the Local simulator), so saving it shows
// the whole loop at once, and the account line is the one edit a real project needs.

/**
 * The schema's address as `$schema`. VS Code applies the schema to the file by its name
 * anyway; a `$schema` would replace that association, so it names a URI this extension
 * serves (workspaceMonitors.ts) instead of a web address VS Code would try to download.
 */
export const SCHEMA_SCHEME = 'digi-push-monitor';
export const SCHEMA_URI = `${SCHEMA_SCHEME}:/schemas/digi-monitors.schema.json`;
/** The schema inside the extension (package.json jsonValidation points at the same file). */
export const SCHEMA_FILE = 'media/schemas/digi-monitors.schema.json';

export const DEFINITIONS_TEMPLATE = `// Push monitors this project needs (Digi Push Monitor). In a trusted workspace, opening the
// folder (or saving this file) creates each monitor on its account, or reuses the one
// created before with the same topics, and starts a session on those with "autoStart".
// No secrets here, so it can be committed: sign in to the account in VS Code and name it
// below by its label (as in the Accounts menu) or its host, e.g. "remotemanager.digi.com".
{
  "$schema": "${SCHEMA_URI}",
  "monitors": [
    {
      "name": "device events",
      "account": "Local simulator",
      // DeviceCore, DataPoint, DataPoint/<device id>/<stream>, FileData, AlarmStatus, …
      "topics": ["DeviceCore", "DataPoint"],
      "autoStart": true
      // Options, with the Create Monitor wizard's defaults:
      // "format": "json", "compression": "zlib", "batchSize": 100, "batchDuration": 1,
      // "ackOption": "explicit", "autoReplayOnConnect": true (lossless; "off" and false lose
      // the events published while no session is connected)
    }
  ]
}
`;
