// One lifecycle for every view: everything a view holds is tied to the
// AbortSignal of its context and released when the student leaves the view
// (or the view is re-mounted for another language). A view never keeps
// module-level state and needs no unmount(): it registers what it holds here.
//
//   const life = lifetime(ctx.signal);        // app.js hands views ctx.life
//   canvas.addEventListener('pointerdown', fn, { signal: life.signal });
//   life.own(model);                           // dispose() on leave
//   life.own(worker);                          // terminate() on leave
//   life.own(models.onTrainedChange(fn));      // an unsubscribe function, called on leave
//   life.frame(draw);                          // one animation frame, cancelled on leave
//   life.every(500, poll); life.after(200, fn); // timers, cleared on leave
//   life.observe(new ResizeObserver(fit), el);  // observers, disconnected on leave
//   life.onLeave(() => off());                 // anything else
//
// What must end with the view is whatever outlives it: listeners on window,
// document or the shared stores (models.onTrainedChange, the training session),
// workers, WASM objects, timers, frames and observers. Listeners on the view's
// own elements (ui/controls.js, the pad, the picker) go with the elements;
// tests/browser/lifecycle.test.js counts both after 10 rounds through every view.
//
// Every callback it schedules is skipped once the view was left, so work that
// was already queued never writes into the next view. A frame or timeout that
// has run is forgotten, so a view animating for minutes holds nothing per frame.
export function lifetime(signal) {
  const releases = [];
  const pending = new Map(); // id -> cancel, for frames and timeouts not yet run
  signal.addEventListener('abort', () => {
    for (const cancel of pending.values()) cancel();
    pending.clear();
    for (const release of releases.splice(0)) release();
  }, { once: true });

  const onLeave = (release) => {
    if (signal.aborted) release();
    else releases.push(release);
  };
  const whileMounted = (fn) => (...args) => {
    if (!signal.aborted) fn(...args);
  };
  // Schedules fn once through start/cancel (setTimeout or requestAnimationFrame).
  const once = (start, cancel, fn) => {
    if (signal.aborted) return 0;
    const id = start((...args) => {
      pending.delete(id);
      if (!signal.aborted) fn(...args);
    });
    pending.set(id, () => cancel(id));
    return id;
  };
  return {
    signal,
    get left() {
      return signal.aborted;
    },
    onLeave,
    // Releases a resource by the method it has: dispose (WASM objects),
    // terminate (workers), disconnect (observers), close (ports, bitmaps),
    // or calls it (an unsubscribe function).
    own(resource) {
      onLeave(() => {
        if (typeof resource.dispose === 'function') resource.dispose();
        else if (typeof resource.terminate === 'function') resource.terminate();
        else if (typeof resource.disconnect === 'function') resource.disconnect();
        else if (typeof resource.close === 'function') resource.close();
        else if (typeof resource === 'function') resource();
      });
      return resource;
    },
    listen(target, type, fn, options = {}) {
      target.addEventListener(type, fn, { ...options, signal });
    },
    after(ms, fn) {
      return once((run) => setTimeout(run, ms), clearTimeout, fn);
    },
    every(ms, fn) {
      const id = setInterval(whileMounted(fn), ms);
      onLeave(() => clearInterval(id));
      return id;
    },
    frame(fn) {
      return once(requestAnimationFrame, cancelAnimationFrame, fn);
    },
    // Cancels a frame or timeout scheduled above before it runs.
    cancel(id) {
      pending.get(id)?.();
      pending.delete(id);
    },
    observe(observer, ...targets) {
      for (const target of targets) observer.observe(target);
      onLeave(() => observer.disconnect());
      return observer;
    },
  };
}
