// Entry of the viewer webview bundle (media/dist/viewer.js, an iife). Runs inside the
// webview's sandboxed iframe; talks to the extension only through postMessage.
import { App } from './app';
import { vscodeApi } from './vscodeApi';

const root = document.getElementById('app');
if (root) new App(vscodeApi(), root);
