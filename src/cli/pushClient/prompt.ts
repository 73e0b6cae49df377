// A no-echo prompt for secrets on a terminal, so a password need not sit in shell history.
import type { ReadStream } from 'node:tty';

export async function promptSecret(question: string, input = process.stdin, output = process.stderr): Promise<string> {
  const tty = input as ReadStream;
  if (!tty.isTTY) throw new Error('no terminal to prompt on');
  output.write(question);
  tty.setRawMode(true);
  tty.resume();
  tty.setEncoding('utf8');
  try {
    return await new Promise<string>((resolve, reject) => {
      let value = '';
      const onData = (chunk: string) => {
        for (const ch of chunk) {
          if (ch === '\r' || ch === '\n' || ch === '\u0004') {
            tty.off('data', onData);
            output.write('\n');
            resolve(value);
            return;
          }
          if (ch === '\u0003') {
            tty.off('data', onData);
            output.write('\n');
            reject(new Error('cancelled'));
            return;
          }
          if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
          else value += ch;
        }
      };
      tty.on('data', onData);
    });
  } finally {
    tty.setRawMode(false);
    tty.pause();
  }
}

export async function promptLine(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}
