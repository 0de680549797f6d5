// The first script the page runs, while the page's other modules are still
// downloading and the main thread would otherwise wait for them. It starts
// the two slow one-time initialisations the first view waits for:
//   - the WASM module's download and compilation (lab.js); app.js then finds
//     it on its way. The thread count comes from ?threads= exactly as app.js
//     reads it (lab.js keeps the first decision), and app.js reports what it
//     corrects;
//   - the browser's number formatting: a page's first Intl.NumberFormat loads
//     the ICU data, 45-85 ms here (four times that on a slow phone), whatever
//     the locale; formatters made later, for the page's language, are cheap.
import { chooseThreads, lab } from './lab.js';

chooseThreads(new URL(location.href).searchParams.get('threads'));
lab().catch(() => {});  // app.js shows the failure
new Intl.NumberFormat().format(0);
