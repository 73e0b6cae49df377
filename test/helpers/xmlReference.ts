// Test helper: fast-xml-parser as src/core/protocol/payload.ts builds it for XML push
// documents (its options are private to payload.ts). The reference the XML fast path
// (xmlFast.ts) must equal on every document it accepts: test/unit/xmlFast.test.ts and
// bench/xmlDifferential.ts compare against it, and xmlFast.test.ts checks that it still
// answers as payload.ts's own parser does, through decodeXmlDocument.

import { XMLParser, type X2jOptions } from 'fast-xml-parser';

export const PAYLOAD_XML_OPTIONS: X2jOptions = {
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseAttributeValue: false,
  parseTagValue: true,
  numberParseOptions: { hex: false, leadingZeros: false, eNotation: true },
  isArray: (_name, jpath) => jpath === 'Document.Msg',
  processEntities: true,
  htmlEntities: false,
};

/** A parser with payload.ts's settings; `parse(doc, true)` validates as payload.ts does. */
export const referenceXmlParser = (): XMLParser => new XMLParser(PAYLOAD_XML_OPTIONS);
