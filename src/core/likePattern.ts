// SQL LIKE patterns of Remote Manager conditions (`grpPath like 'a/%'`): `%` any run of
// characters, `_` one character, everything else literal. The simulator evaluates conditions
// with it; the extension's Devices view matches its server-side filter on the client with it.

/** The whole-string RegExp of a LIKE pattern (`flags` e.g. 'i'). */
export function likePatternRegex(pattern: string, flags = ''): RegExp {
  let re = '';
  for (const ch of pattern) {
    if (ch === '%') re += '[\\s\\S]*';
    else if (ch === '_') re += '[\\s\\S]';
    else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, flags);
}
