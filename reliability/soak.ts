// npm run soak [-- --events N --min-drops N --seed N --tls --minutes N]
// Default: 100,000 events, at least 100 drops, plain TCP, 10-minute bound. Prints what it
// tried and found; exits 1 on any loss, reordering within a connection, or too few drops.

import { formatReport, runSoak } from './soakRun';
import { randomSeed } from './prng';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const num = (flag: string, dflt: number) => {
    const i = args.indexOf(flag);
    if (i < 0) return dflt;
    const v = Number(args[i + 1]);
    if (!Number.isFinite(v) || v < 0) throw new Error(`${flag} needs a non-negative number`);
    return Math.floor(v);
  };
  const seed = num('--seed', randomSeed());
  const events = num('--events', 100_000);
  const minDrops = num('--min-drops', 100);
  const secure = args.includes('--tls');
  const minutes = num('--minutes', 10);
  console.log(`soak: seed ${seed} (repeat with: npm run soak -- --seed ${seed}${secure ? ' --tls' : ''}), ${events} events, ≥ ${minDrops} drops, ${secure ? 'TLS' : 'plain TCP'} push, bound ${minutes} min`);
  const report = await runSoak({ events, minDrops, seed, secure, timeLimitMs: minutes * 60_000, log: (l) => console.log(l) });
  for (const line of formatReport(report)) console.log(line);
  return report.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`soak: ${(e as Error)?.stack ?? String(e)}`);
    process.exit(2);
  },
);
