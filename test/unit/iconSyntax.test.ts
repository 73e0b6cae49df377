// Untrusted text shown where VS Code renders `$(name)` as an icon (status bar messages).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { escapeIconSyntax } from '../../src/shared/displayText';

// VS Code's own rule for what it renders as an icon: `$(name)` not preceded by a backslash.
const ICON = /(?<!\\)\$\([a-z0-9-]+(?:~[a-z0-9-]*)?\)/gi;

describe('escapeIconSyntax', () => {
  it('leaves no $(name) VS Code would render as an icon', () => {
    const hostile = ['$(alert)', 'x$(sync~spin)y', '$($(debug-stop))', '\\\\$(bug)', '$(', 'plain'];
    assert.ok(hostile.some((s) => ICON.test(s)), 'the inputs do contain icon syntax');
    for (const s of hostile) {
      ICON.lastIndex = 0;
      assert.equal(ICON.test(escapeIconSyntax(s)), false, `${s} → ${escapeIconSyntax(s)}`);
    }
  });

  it('keeps text without icon syntax as it is', () => {
    assert.equal(escapeIconSyntax('00000000-00000000-00409DFF-FF58175B/metrics/temp = 21.5 C'), '00000000-00000000-00409DFF-FF58175B/metrics/temp = 21.5 C');
    assert.equal(escapeIconSyntax('$(alert)'), '\\$(alert)');
  });
});
