// Percent-encoding of what the clients put into a request path or query.

/** RFC 3986 percent-encoding; also encodes the quotes and parentheses a condition is full of,
 *  which encodeURIComponent leaves bare and some proxies mangle. */
export const encodeQueryValue = (v: string): string =>
  encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** One path segment: everything but RFC 3986 unreserved characters is percent-encoded (a `/` too). */
export const encodePathSegment = encodeQueryValue;

/** `a/b c/d` → `a/b%20c/d`: slashes stay path separators, each segment is encoded on its own. */
export const encodePathSegments = (path: string): string => path.split('/').map(encodePathSegment).join('/');
