// Lint config: typescript-eslint's recommended type-aware rules over src/ and test/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * Layers (issue 12 §4): what each part of src/ may import besides itself and packages.
 * `vscode` only under src/extension; the core nothing outside src/core; the webview only
 * src/shared; shared code nothing (the webview bundles it). Whoever may import the core does
 * so through its public index (src/core/index.ts): re-export there what a consumer needs.
 * Tests, bench/ and reliability/ are not layered: they may reach internals directly.
 */
export const LAYERS = {
  core: { may: [] },
  shared: { may: [] },
  webview: { may: ['shared'] },
  simulator: { may: ['core', 'shared'] },
  cli: { may: ['core', 'shared', 'simulator'] },
  extension: { may: ['core', 'shared', 'simulator'], vscode: true },
};
/** Folder depth below src/<layer> that the rules cover (test/unit/layers.test.ts checks every file is). */
export const MAX_LAYER_DEPTH = 4;

/**
 * The rules of one layer for its files `depth` folders below src/<layer>. Relative specifiers
 * are matched by how far up they go: `depth` + 1 times `..` reaches src/, where the next
 * segment names the layer imported. Static imports and re-exports go through
 * no-restricted-imports; import() and require() through no-restricted-syntax.
 */
function layerRules(layer, depth) {
  const { may, vscode = false } = LAYERS[layer];
  const toSrc = `^(\\.\\./){${depth}}\\.\\.`;
  const others = may.length ? `(?!(${may.join('|')})(/|$))` : '';
  const restricted = [
    {
      regex: `${toSrc}(/${others}|$)`,
      message: `src/${layer} may import only ${[layer, ...may].map((l) => `src/${l}`).join(', ')} (layers: eslint.config.mjs).`,
    },
  ];
  if (may.includes('core')) {
    restricted.push({
      regex: `${toSrc}/core/(?!index(\\.js)?$)`,
      message: 'Import the core through its public index (src/core/index.ts); re-export there what is needed.',
    });
  }
  const paths = vscode ? [] : [{ name: 'vscode', message: '`vscode` is imported only under src/extension (layers: eslint.config.mjs).' }];
  // The same for import('…') and require('…'); esquery regexes cannot contain '/': spelt \x2F.
  const dynamic = [...restricted, ...paths.map((p) => ({ regex: `^${p.name}$`, message: p.message }))].map((r) => ({
    regex: r.regex.replace(/\//g, '\\x2F'),
    message: r.message,
  }));
  return {
    'no-restricted-imports': ['error', { paths, patterns: restricted }],
    'no-restricted-syntax': [
      'error',
      ...dynamic.map((r) => ({ selector: `ImportExpression[source.value=/${r.regex}/]`, message: r.message })),
      ...dynamic.map((r) => ({ selector: `CallExpression[callee.name='require'][arguments.0.value=/${r.regex}/]`, message: r.message })),
    ],
  };
}

const layerConfigs = Object.keys(LAYERS).flatMap((layer) =>
  Array.from({ length: MAX_LAYER_DEPTH + 1 }, (_, depth) => ({
    name: `layers/${layer}/${depth}`,
    files: [`src/${layer}/${'*/'.repeat(depth)}*.ts`],
    rules: layerRules(layer, depth),
  })),
);

export default tseslint.config(
  { ignores: ['dist/**', 'media/dist/**', 'node_modules/**', '.vscode-test/**', 'test-artifacts/**', 'out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  ...layerConfigs,
);
