// The first script the page runs: it starts the WASM module's download and
// compilation (lab.js) as soon as this small graph has arrived, while the
// page's other modules are still downloading; app.js then finds the module on
// its way. The thread count comes from ?threads= exactly as app.js reads it
// (lab.js keeps the first decision), and app.js reports what it corrects.
import { chooseThreads, lab } from './lab.js';

chooseThreads(new URL(location.href).searchParams.get('threads'));
lab().catch(() => {});  // app.js shows the failure
