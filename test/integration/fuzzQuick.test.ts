// Quick version of `npm run fuzz` (issue 8, part 3): 20,000 seeded decoder cases and 1,500
// session cases against a loopback server. A finding prints how to replay it alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCorpus } from '../../reliability/fuzzCorpus';
import { newTally, runDecoderCase, type Finding } from '../../reliability/fuzzDecoder';
import { CaseFactory } from '../../reliability/fuzzMutate';
import { runSessionFuzz } from '../../reliability/fuzzSession';

const SEED = Number(process.env.FUZZ_SEED ?? 20260101);
const DECODER_CASES = 20_000;
const SESSION_CASES = 1_500;
const SESSION_BASE = 1_000_000_000;

const describe = (f: Finding) => `${f.kind} in ${f.target} case ${f.index}: ${f.message}\n  recipe: ${f.recipe}\n  replay: npm run fuzz -- --seed ${SEED} --case ${f.index}\n${f.stack ?? ''}`;

test(`decoder fuzz: ${DECODER_CASES} mutated/random frames (seed ${SEED}) — only typed rejections, invariants hold`, async (t) => {
  const factory = new CaseFactory(SEED, buildCorpus(SEED));
  const tally = newTally();
  const findings: Finding[] = [];
  for (let i = 0; i < DECODER_CASES; i++) {
    const f = runDecoderCase(factory.make(i), tally, 2000);
    if (f) findings.push(f);
    if (i % 64 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  t.diagnostic(`seed ${SEED}: ${tally.cases} cases, ${tally.frames} frames, ${tally.publish} PublishMessages, ${tally.events} events, rejections ${JSON.stringify(tally.rejections)}, slowest ${tally.slowestMs.toFixed(1)} ms`);
  assert.equal(tally.cases, DECODER_CASES);
  // The mutations must reach every kind of rejection and still let valid documents through.
  for (const code of ['PROTOCOL', 'FRAME_TOO_LARGE', 'PAYLOAD']) assert.ok((tally.rejections[code] ?? 0) > 100, `few ${code} rejections`);
  assert.ok(tally.events > 1000, 'valid events decoded too');
  assert.deepEqual(findings.map(describe), []);
});

test(`session fuzz: ${SESSION_CASES} cases through a PushSession over loopback — no crash, no hang, no leaked handle`, async (t) => {
  const factory = new CaseFactory(SEED, buildCorpus(SEED));
  const r = await runSessionFuzz({ factory, from: SESSION_BASE, cases: SESSION_CASES, perCaseMs: 5000, deadlineMs: 40_000 });
  t.diagnostic(`${r.cases} cases (${r.handshakeCases} handshake), ${r.connections} connections, ${r.sessions} sessions, ${r.reconnects} reconnects, ${r.warnings} warnings, ${r.events} events, failures ${JSON.stringify(r.failures)}, ${r.ms} ms`);
  assert.equal(r.cases, SESSION_CASES);
  assert.ok(r.connections > 100 && r.sentinelsAcked > 50, 'both dropped and clean cases were exercised');
  assert.deepEqual(r.leaked, []);
  assert.deepEqual(r.findings.map(describe), []);
});
