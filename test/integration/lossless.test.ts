// Quick version of `npm run soak` (issue 8, part 2): explicit acks + auto-replay while the
// simulator drops the connection at random points — every sequence number arrives, order
// holds within each connection, duplicates are counted (at-least-once), one gap marker per drop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatReport, runSoak } from '../../reliability/soakRun';

for (const [events, minDrops, secure, seed] of [[10_000, 20, false, 81], [3_000, 8, true, 82]] as const) {
  test(`${events} events over ${secure ? 'TLS' : 'TCP'} with ≥ ${minDrops} random drops: nothing lost, order kept per connection`, async (t) => {
    const r = await runSoak({ events, minDrops, seed, secure, timeLimitMs: 40_000 });
    for (const line of formatReport(r)) t.diagnostic(line);
    assert.deepEqual(r.problems, []);
    assert.equal(r.missing, 0);
    assert.equal(r.delivered, events);
    assert.equal(r.orderViolations, 0);
    assert.ok(r.drops >= minDrops, `${r.drops} drops`);
    assert.equal(r.gaps, r.drops, `exactly one gap marker per drop: ${r.gaps} gaps for ${r.drops} drops`);
    assert.equal(r.connections, r.drops + 1, `${r.connections} connections for ${r.drops} drops`);
    assert.ok(r.replayFlagged > 0, 'replayed events are flagged');
    assert.ok(r.dropsBy.disconnectMidChunk + r.dropsBy.disconnectNow > 0 && r.dropsBy.disconnectAfterBlocks > 0, JSON.stringify(r.dropsBy));
  });
}
