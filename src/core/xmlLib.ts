// fast-xml-parser, required on first use instead of when the core is loaded: the REST
// client's XML bodies and XML push payloads need it, activating the extension does not.
// The extension's build makes it a file of its own (scripts/build.mjs: dist/xml-lib.js);
// everywhere else this is an ordinary require of the package.

import type * as FastXmlParser from 'fast-xml-parser';

export type FastXml = typeof FastXmlParser;

let lib: FastXml | undefined;

export function fastXml(): FastXml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  lib ??= require('fast-xml-parser') as FastXml;
  return lib;
}

/** A value made with fast-xml-parser the first time it is asked for (a parser or a builder). */
export function lazyXml<T>(make: (xml: FastXml) => T): () => T {
  let value: T | undefined;
  return () => (value ??= make(fastXml()));
}

const builder = lazyXml((x) => new x.XMLBuilder({ format: false, suppressEmptyNode: false }));

/** An XML document from a plain object (`{ Monitor: { monTopic: '…' } }`), every value escaped; arrays repeat their element. */
export function buildXml(doc: Record<string, unknown>): string {
  return builder().build(doc) as string;
}
