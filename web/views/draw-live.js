// The Draw view's live updates: once per frame, the pad's input and then every
// model card. While a stroke is in progress a frame does one of the two: it
// reads the pad into a new input, or one card (in turn) reconstructs the
// latest input, so a frame stays short enough for 60 fps on a slow phone
// (each model still follows the pen several times a second). It publishes the
// view's test hook (see draw.js).
//
//   const live = liveUpdates(ctx, { cards, readInput, clearInput, isEmpty, isReady });
//   live.update();               // request one (coalesced to the next frame)
//   live.stroking = true|false;  live.allCardsAdded();  live.forget(id);
//   await live.drawnOnce;        // every card has drawn the input (or the pad was empty)
import { coalesced } from '../ui/controls.js';

// cards: Map id -> card (draw-card.js), filled by the view as models arrive.
export function liveUpdates(ctx, { cards, readInput, clearInput, isEmpty, isReady }) {
  const results = new Map(); // id -> { reconstruction, code } as last drawn
  let stroking = false;
  let liveInput = null;  // the input read during this stroke, for the next card
  let turn = 0;
  let updates = 0;
  let completeAt = null;
  let allCards = false;
  let firstDrawn;
  const drawnOnce = new Promise((resolve) => (firstDrawn = resolve));

  const update = coalesced(() => {
    if (!isReady()) return;  // called again once loaded
    if (isEmpty()) {
      clearInput();
      for (const card of cards.values()) card.clear();
      results.clear();
      ctx.expose({ input: null, reconstructions: {}, codes: {} });
      if (allCards) firstDrawn();
      return;
    }
    const ids = [...cards.keys()];
    if (stroking && ids.length && liveInput === null) {
      liveInput = readInput();
      update();  // a card's turn next frame
      return;
    }
    const input = stroking ? liveInput : readInput();
    liveInput = null;
    const due = stroking ? ids.slice(turn++ % ids.length).slice(0, 1) : ids;
    for (const id of due) {
      const result = cards.get(id).update(input, { live: stroking });
      if (result) results.set(id, result);
    }
    updates += 1;
    // The hook's copies as plain arrays, once a stroke has ended (copying every frame cost the pen frames).
    if (due.length < ids.length) {
      ctx.expose({ updates });
      return;
    }
    const pick = (key) => Object.fromEntries([...results].filter(([id]) => cards.has(id)).map(([id, r]) => [id, Array.from(r[key])]));
    // When every model's reconstruction of one input was first on screen (performance.now(), for bench/first_view):
    // once every card has been added, not when the cards added so far have drawn.
    if (completeAt === null && allCards && results.size === ids.length) completeAt = performance.now();
    if (allCards) firstDrawn();
    ctx.expose({ updates, input: Array.from(input), reconstructions: pick('reconstruction'), codes: pick('code'), completeAt });
  }, ctx.signal);

  return {
    update,
    drawnOnce,
    set stroking(value) {
      stroking = value;
    },
    allCardsAdded() {
      allCards = true;
    },
    forget(id) {
      results.delete(id);
    },
  };
}
