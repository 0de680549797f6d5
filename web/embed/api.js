// The page as an embed (docs/EMBED.md): when it runs in an iframe it tells
// its parent its height (so embed/host.js can size the iframe to its content)
// and takes commands by postMessage, from its parent only and only from the
// origins it trusts:
//   - ?host=<origin>[,<origin>…] when given (host=* trusts any, e.g. a deck
//     opened from disk, whose origin is "null");
//   - else the embedding page's origin, from document.referrer;
//   - else this page's own origin.
// Every message, both ways, is an object with latentlab: 1 and a type.
//   to the lab:   { type: 'setState', view, params }   { type: 'getState', id }
//   from the lab: { type: 'resize', height }  { type: 'state', id, state }
//                 { type: 'ready', view, params }  { type: 'error', code, message }
//                 and whatever a view emits with ctx.emit(type, detail)
export const PROTOCOL = 1;

export function trustedOrigins(hostParam, referrer, ownOrigin) {
  if (hostParam) {
    const listed = hostParam.split(',').map((text) => text.trim()).filter(Boolean);
    if (listed.includes('*')) return '*';
    return listed.map((text) => {
      try {
        return new URL(text).origin;
      } catch {
        return null;
      }
    }).filter((origin) => origin && origin !== 'null');
  }
  if (referrer) {
    try {
      return [new URL(referrer).origin];
    } catch {
      // an unreadable referrer trusts nobody beyond this page
    }
  }
  return [ownOrigin];
}

export function startEmbedApi({ params, state, showState }) {
  if (window.parent === window) return null;
  const trusted = trustedOrigins(params.get('host'), document.referrer, location.origin);
  const isTrusted = (origin) => trusted === '*' || trusted.includes(origin);
  // Messages go to the trusted origin itself, never to '*' unless the teacher asked for it.
  const targets = trusted === '*' ? ['*'] : trusted;
  const post = (message) => {
    for (const target of targets) {
      try {
        window.parent.postMessage({ latentlab: PROTOCOL, ...message }, target);
      } catch {
        // a parent of another origin than this target: not the page we talk to
      }
    }
  };

  window.addEventListener('message', (event) => {
    if (event.source !== window.parent || !isTrusted(event.origin)) return;
    const message = event.data;
    if (message === null || typeof message !== 'object' || message.latentlab !== PROTOCOL) return;
    if (message.type === 'getState') post({ type: 'state', id: message.id ?? null, state: state() });
    else if (message.type === 'setState' && typeof message.view === 'string') {
      const viewParams = {};
      for (const [name, value] of Object.entries(message.params ?? {})) {
        if (['string', 'number', 'boolean'].includes(typeof value)) viewParams[name] = value;
      }
      showState(message.view, viewParams);
    }
  });

  // The height of the content, whenever it changes (coalesced per frame).
  let lastHeight = -1;
  let queued = false;
  const sendHeight = () => {
    queued = false;
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== lastHeight) {
      lastHeight = height;
      post({ type: 'resize', height });
    }
  };
  new ResizeObserver(() => {
    if (!queued) {
      queued = true;
      requestAnimationFrame(sendHeight);
    }
  }).observe(document.documentElement);

  return { emit: (type, detail) => post({ type, ...detail }) };
}
