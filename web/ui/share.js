// Teachers' tools above the view (hidden in ?embed=1): copy the <iframe> code
// for the view in its current state, and save its figures (PNG at 2× or 4×)
// and the animations it offers (GIF). Views offer animations with
// ctx.offerAnimation(name, encode), see app.js.
import { canvasToPngBlob, download, figureFileName, scaledCanvas, SCALES } from './export.js';

// The snippet for the current state: the page in embed mode plus the host
// script that sizes the iframe to its content.
export function embedCode(pageUrl, title) {
  const url = new URL(pageUrl);
  url.searchParams.set('embed', '1');
  for (const name of ['lesson', 'step', 'present']) url.searchParams.delete(name);
  const host = new URL('embed/host.js', url);
  host.search = '';
  const escape = (text) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<iframe src="${escape(url.href)}" title="${escape(title)}" data-latentlab style="width:100%;height:640px;border:0" loading="lazy"></iframe>\n` +
    `<script src="${escape(host.href)}" async></script>`;
}

// The figures of a view: its canvases, named by their label or their panel's heading.
export function figuresIn(container) {
  return [...container.querySelectorAll('canvas')].filter((canvas) => canvas.width > 0 && canvas.height > 0 && canvas.offsetParent !== null)
    .map((canvas, index) => {
      const panelTitle = canvas.closest('section, .panel, figure')?.querySelector('h2, h3, figcaption')?.textContent;
      const name = canvas.getAttribute('aria-label') || canvas.closest('figure')?.querySelector('figcaption')?.textContent || panelTitle || `figure ${index + 1}`;
      return { canvas, name: name.trim().slice(0, 80) };
    });
}

function stateParts(viewId) {
  const parts = [viewId];
  for (const [name, value] of new URL(location.href).searchParams) {
    if (!['view', 'lang', 'embed', 'threads', 'lesson', 'step', 'present', 'host'].includes(name)) parts.push(`${name}${value}`);
  }
  return parts;
}

export function mountShareTools(root, { t, viewId, container, messages, animations }) {
  const copy = Object.assign(document.createElement('button'), { type: 'button', className: 'btn small share-embed' });
  const menu = Object.assign(document.createElement('details'), { className: 'figure-menu' });
  const summary = document.createElement('summary');
  summary.className = 'btn small';
  const list = Object.assign(document.createElement('div'), { className: 'figure-list' });
  menu.append(summary, list);
  root.replaceChildren(copy, menu);

  const label = () => {
    copy.textContent = t()('share.copyEmbed');
    copy.title = t()('share.copyEmbedHint');
    summary.textContent = t()('share.figures');
  };
  label();

  copy.addEventListener('click', async () => {
    const code = embedCode(location.href, `Latent Lab · ${t()(`nav.${viewId()}`)}`);
    try {
      await navigator.clipboard.writeText(code);
      messages.notice(t()('share.copied'));
    } catch {
      // No clipboard (an insecure origin, a denied permission): show it to copy by hand.
      window.prompt(t()('share.copyByHand'), code);
    }
    root.dataset.embedCode = code;
  });

  const item = (text, onClick) => {
    const b = Object.assign(document.createElement('button'), { type: 'button', className: 'figure-item', textContent: text });
    b.addEventListener('click', async () => {
      try {
        await onClick();
      } catch (error) {
        messages.error(error);
      }
      menu.open = false;
    });
    return b;
  };
  // Listed afresh each time the menu opens: figures come and go with the view.
  menu.addEventListener('toggle', () => {
    if (!menu.open) return;
    const tr = t();
    const rows = [];
    figuresIn(container).forEach(({ canvas, name }) => {
      for (const scale of SCALES) {
        rows.push(item(tr('share.savePng', { name, scale }), async () => {
          const blob = await canvasToPngBlob(scaledCanvas(canvas, scale));
          download(blob, figureFileName([...stateParts(viewId()), name], `${scale}x.png`));
        }));
      }
    });
    for (const [name, encode] of animations()) {
      rows.push(item(tr('share.saveGif', { name }), async () => {
        const bytes = await encode();
        download(new Blob([bytes], { type: 'image/gif' }), figureFileName([...stateParts(viewId()), name], 'gif'));
      }));
    }
    if (rows.length === 0) rows.push(Object.assign(document.createElement('p'), { className: 'figure-none', textContent: tr('share.noFigures') }));
    list.replaceChildren(...rows);
  });
  return { relabel: label };
}
