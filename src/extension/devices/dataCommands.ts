// Registers the device-data commands of the Devices view's streams and devices: Open Stream
// History and Send Data Point, each through the command wrapper (one error report, the
// server's answer included).

import { COMMANDS } from '../commandIds';
import { registerCommand, type ErrorReporter } from '../commands/reportError';
import type { DisposableLike } from '../lifecycle';
import { openStreamHistory, type HistoryCommandDeps } from './historyCommand';
import { sendDataPoint, type SendDataPointDeps } from './sendDataPoint';

export type DataCommandDeps = HistoryCommandDeps & SendDataPointDeps & { errors: ErrorReporter };

export function registerDataCommands(d: DataCommandDeps): DisposableLike[] {
  const { t, errors } = d;
  return [
    registerCommand(errors, COMMANDS.openStreamHistory, t('Could not open the stream history'), (arg) => openStreamHistory(d, arg)),
    registerCommand(errors, COMMANDS.sendDataPoint, t('Could not send the data point'), (arg) => sendDataPoint(d, arg)),
  ];
}
