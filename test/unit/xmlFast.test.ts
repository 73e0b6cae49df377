// The XML fast path must never disagree with fast-xml-parser: for every document it
// either declines (undefined, and fast-xml-parser decides) or returns exactly what
// fast-xml-parser returns. The bench runs a larger differential (bench/xmlDifferential.ts);
// this is the part that guards every commit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeXmlDocument } from '../../src/core/protocol/payload';
import { parseSimpleXml } from '../../src/core/protocol/xmlFast';
import { startSimulator } from '../../src/simulator';
import { msgXml } from '../../src/simulator/payloadEncoder';
import { XML_BATCH } from '../helpers/vectors';
import { referenceXmlParser } from '../helpers/xmlReference';

const slow = referenceXmlParser();

/** 'declined', or 'same'; throws on any disagreement. */
function agree(doc: string): 'declined' | 'same' {
  const fast = parseSimpleXml(doc);
  if (fast === undefined) return 'declined';
  let expected: unknown;
  try {
    expected = slow.parse(doc, true);
  } catch (e) {
    assert.fail(`fast path accepted a document fast-xml-parser rejects (${(e as Error).message}): ${doc.slice(0, 200)}`);
  }
  assert.deepStrictEqual(fast, expected, doc.slice(0, 200));
  // deepStrictEqual ignores key order; the fast path must keep it too.
  assert.equal(JSON.stringify(fast), JSON.stringify(expected));
  return 'same';
}

test('the simulator\'s XML for every event type, single and batched, replayed or not, parses identically on the fast path', async () => {
  const sim = await startSimulator({ seed: 11, tls: false });
  try {
    const events = sim.generate(400);
    let fast = 0;
    for (let i = 0, n = 1; i < events.length; i += n, n = (n % 37) + 1) {
      const doc = `<Document>${events.slice(i, i + n).map((e, j) => msgXml(e, j % 3 === 0)).join('')}</Document>`;
      if (agree(doc) === 'same') fast += 1;
    }
    assert.ok(fast > 0, 'the fast path handles the documents the platform sends');
    assert.equal(agree(XML_BATCH), 'same');
  } finally {
    await sim.close();
  }
});

test('anything outside the simple subset is declined, never parsed differently', () => {
  const base = XML_BATCH;
  const variants = [
    base.replace('<Document>', '<Document><!-- c -->'),
    base.replace('<data>21.5</data>', '<data><![CDATA[<b>21.5</b>]]></data>'),
    `<!DOCTYPE d [<!ENTITY x "boom">]>${base.replace('21.5', '&x;')}`,
    base.replace('21.5', '&#60;script&#62;'),
    base.replace('21.5', '&lt;script&gt; &amp; &quot;'),
    base.replace(/></g, '>\r\n<'),
    `\uFEFF${base}`,
    base.replace('</DataPoint>', '</DataPointX>'),
    base.replace('operation="UPDATE"', 'operation="UPDATE" operation="DELETE"'),
    `${base}<Document/>`,
    base.replace('<Msg ', '<ns:Msg ').replace(/<\/Msg>/, '</ns:Msg>'),
    '<Document><Msg topic="1/constructor/x"><constructor>1</constructor></Msg></Document>',
    '<Document><Msg topic="1/A/x" __proto__="p"><A>1</A></Msg></Document>',
    `<Document><Msg topic="1/A/x"><A>${'<a>'.repeat(150)}${'</a>'.repeat(150)}</A></Msg></Document>`,
    `<Document><Msg topic="1/A/x" ${Array.from({ length: 40 }, (_, i) => `a${i}="${i}"`).join(' ')}><A>1</A></Msg></Document>`,
    '<Document><Msg topic="t">text<A>1</A>more</Msg></Document>',
    '<Document><Msg topic=\'single\'><A> 007 </A><B>-0</B><C>1e3</C><D>0x1F</D><E/></Msg></Document>',
    '<Document/>',
    '<Document></Document>',
    '<Document><Msg',
  ];
  for (const doc of variants) agree(doc);
});

test('the reference parser is payload.ts\'s own: documents the fast path declines decode to what it parses', async () => {
  // A comment sends a document to fast-xml-parser inside decodeXmlDocument; every option
  // shows: attributes (@_ prefix, values kept as text), tag values (decimals and e-notation
  // become numbers, leading zeros, hex and -0 stay text, true becomes a boolean), Msg always
  // an array, XML entities decoded and character references left alone (htmlEntities off).
  const crafted = '<Document><!-- c --><Msg topic="1/A/x" operation="INSERTION" timestamp="t"><A k="12" j="0x1F">' +
    '<id>0013</id><h>0x1F</h><e>1e3</e><n>12.50</n><b>true</b><ent>&lt;&amp;&#233;&gt;</ent><z/><m>-0</m></A></Msg></Document>';
  const sim = await startSimulator({ seed: 12, tls: false });
  try {
    const events = sim.generate(60);
    const docs = [crafted, `<Document><!-- c -->${events.map((e, i) => msgXml(e, i % 2 === 0)).join('')}</Document>`];
    for (const doc of docs) {
      assert.equal(parseSimpleXml(doc), undefined, 'declined by the fast path');
      const decoded = decodeXmlDocument(doc, 1);
      const msgs = (slow.parse(doc, true) as { Document: { Msg: Record<string, unknown>[] } }).Document.Msg;
      assert.ok(Array.isArray(msgs));
      assert.equal(decoded.length, msgs.length);
      decoded.forEach((ev, i) => {
        assert.deepStrictEqual(ev.data, msgs[i][ev.type], `Msg ${i}`);
        assert.equal(ev.topic, msgs[i]['@_topic']);
      });
    }
    assert.deepStrictEqual(decodeXmlDocument(crafted, 1)[0].data, {
      id: '0013', h: '0x1F', e: 1000, n: 12.5, b: true, ent: '<&&#233;>', z: '', m: '-0', '@_k': '12', '@_j': '0x1F',
    });
  } finally {
    await sim.close();
  }
});
