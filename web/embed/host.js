// For a page that embeds Latent Lab (a slide deck, a course page): a classic
// script, no build step, no framework (docs/EMBED.md).
//
//   <iframe src="https://…/latentlab/?view=draw&embed=1" data-latentlab title="Latent Lab"></iframe>
//   <script src="https://…/latentlab/embed/host.js"></script>
//
// Every iframe with data-latentlab sizes itself to its content. To drive one:
//   const lab = LatentLabEmbed.connect(iframe);
//   lab.setState('interpolate', { a: 3, b: 8 });
//   const state = await lab.getState();      // { view, lang, params }
//   lab.on('ready', (message) => …);          // also 'epoch', 'trained', 'error'
// Messages are taken only from the iframe's own window and origin.
(function () {
  'use strict';
  var PROTOCOL = 1;
  var connections = new Map();

  function originOf(iframe) {
    try {
      return new URL(iframe.src, document.baseURI).origin;
    } catch (error) {
      return null;
    }
  }

  function connect(iframe) {
    if (connections.has(iframe)) return connections.get(iframe);
    var listeners = {};
    var waiting = new Map();
    var nextId = 1;
    var target = function () {
      var origin = originOf(iframe);
      // A lab opened from disk has the opaque origin "null": only '*' reaches it.
      return origin && origin !== 'null' ? origin : '*';
    };
    var send = function (message) {
      message.latentlab = PROTOCOL;
      if (iframe.contentWindow) iframe.contentWindow.postMessage(message, target());
    };
    var connection = {
      iframe: iframe,
      setState: function (view, params) {
        send({ type: 'setState', view: view, params: params || {} });
      },
      getState: function () {
        var id = nextId++;
        return new Promise(function (resolve, reject) {
          var timer = setTimeout(function () {
            waiting.delete(id);
            reject(new Error('Latent Lab did not answer getState within 5 s'));
          }, 5000);
          waiting.set(id, function (state) {
            clearTimeout(timer);
            resolve(state);
          });
          send({ type: 'getState', id: id });
        });
      },
      on: function (type, fn) {
        (listeners[type] = listeners[type] || []).push(fn);
        return connection;
      },
      receive: function (message) {
        if (message.type === 'resize' && typeof message.height === 'number' && iframe.dataset.latentlabFixed === undefined) {
          iframe.style.height = Math.max(50, Math.min(20000, Math.ceil(message.height))) + 'px';
        }
        if (message.type === 'state' && waiting.has(message.id)) {
          var resolve = waiting.get(message.id);
          waiting.delete(message.id);
          resolve(message.state);
        }
        (listeners[message.type] || []).forEach(function (fn) {
          fn(message);
        });
      },
    };
    connections.set(iframe, connection);
    return connection;
  }

  window.addEventListener('message', function (event) {
    var message = event.data;
    if (!message || typeof message !== 'object' || message.latentlab !== PROTOCOL) return;
    connections.forEach(function (connection, iframe) {
      if (event.source !== iframe.contentWindow) return;
      var origin = originOf(iframe);
      if (origin !== 'null' && event.origin !== origin) return;
      connection.receive(message);
    });
  });

  function connectAll() {
    document.querySelectorAll('iframe[data-latentlab]').forEach(connect);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', connectAll);
  else connectAll();

  window.LatentLabEmbed = { connect: connect, connectAll: connectAll, protocol: PROTOCOL };
})();
