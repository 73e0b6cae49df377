// The chart's colours, read from VS Code's theme variables at draw time (and again when the
// theme changes: VS Code swaps the body's class and the variables), so the chart reads in
// light, dark and high-contrast themes. Canvas cannot use CSS variables: resolve them here.

export interface ChartTheme {
  series: string[];
  foreground: string;
  grid: string;
  background: string;
  font: string;
}

const SERIES_VARS = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple', '--vscode-charts-red', '--vscode-charts-yellow'];
const FALLBACK = ['#3794ff', '#d18616', '#388a34', '#b180d7', '#f14c4c', '#cca700'];

export function readTheme(): ChartTheme {
  const css = getComputedStyle(document.body);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const base = SERIES_VARS.map((name, i) => v(name, FALLBACK[i]));
  const foreground = v('--vscode-editor-foreground', v('--vscode-foreground', '#888'));
  const family = v('--vscode-font-family', 'sans-serif');
  const size = v('--vscode-font-size', '12px');
  return {
    // Six theme colours, then the foreground and the chart lines' colour (at most 8 are plotted).
    series: [...base, foreground, v('--vscode-charts-lines', '#888')],
    foreground,
    grid: v('--vscode-editorWidget-border', v('--vscode-panel-border', 'rgba(128,128,128,0.35)')),
    background: v('--vscode-editor-background', '#fff'),
    font: `${size} ${family}`,
  };
}

/** Calls `changed` when VS Code switches the colour theme. */
export function onThemeChange(changed: () => void): void {
  const observer = new MutationObserver(() => changed());
  // VS Code sets the variables on <html>'s style and the theme kind as <body>'s class.
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'style', 'data-vscode-theme-kind'] });
}
