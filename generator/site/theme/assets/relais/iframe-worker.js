/* Relais — Web Workers for pages opened from disk (file://).
 *
 * Browsers refuse `new Worker(url)` on file:// pages, which stops the search (Material's and
 * Zensical's). This replacement runs the worker script in a hidden same-origin iframe instead:
 * messages go through events, `importScripts` loads scripts with script tags (Material's
 * search worker awaits it). Material looks for `IFrameWorker` in the parent window to find
 * its language files.
 */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;

  function loadScript(doc, src) {
    return new Promise(function (resolve, reject) {
      var script = doc.createElement("script");
      script.src = src;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("script introuvable : " + src)); };
      doc.head.appendChild(script);
    });
  }

  function IFrameWorker(url) {
    var target = new EventTarget();
    var frame = document.createElement("iframe");
    var pending = [];
    var ready = false;
    var worker = this;
    this.onmessage = null;
    this.onerror = null;
    this.addEventListener = target.addEventListener.bind(target);
    this.removeEventListener = target.removeEventListener.bind(target);

    frame.hidden = true;
    frame.tabIndex = -1;
    frame.title = "Recherche";
    frame.setAttribute("aria-hidden", "true");
    document.documentElement.appendChild(frame);
    var scope = frame.contentWindow;
    var doc = frame.contentDocument;
    var base = new URL(url, location.href);

    // As with a real worker, messages arrive later (Zensical's search sends its next message
    // from the handler of the last reply) and as copies (its worker changes the index it is
    // given, which the page reads too).
    function copy(data) {
      return typeof structuredClone === "function" ? structuredClone(data) : data;
    }

    function deliver(data) {
      data = copy(data);
      setTimeout(function () {
        scope.dispatchEvent(new scope.MessageEvent("message", { data: data }));
      }, 0);
    }

    // What the worker script sends back becomes a "message" event on this object.
    scope.postMessage = function (data) {
      data = copy(data);
      setTimeout(function () {
        var event = new MessageEvent("message", { data: data });
        target.dispatchEvent(event);
        if (typeof worker.onmessage === "function") worker.onmessage(event);
      }, 0);
    };
    scope.importScripts = function () {
      var sources = Array.prototype.slice.call(arguments);
      return sources.reduce(function (done, source) {
        return done.then(function () { return loadScript(doc, new URL(source, base).href); });
      }, Promise.resolve());
    };

    loadScript(doc, base.href).then(function () {
      ready = true;
      pending.splice(0).forEach(deliver);
    }, function (error) {
      var event = new ErrorEvent("error", { message: error.message });
      target.dispatchEvent(event);
      if (typeof worker.onerror === "function") worker.onerror(event);
    });

    this.postMessage = function (data) {
      if (ready) deliver(data);
      else pending.push(data);
    };
    this.terminate = function () {
      frame.remove();
    };
    this.dispatchEvent = target.dispatchEvent.bind(target);
  }

  window.IFrameWorker = IFrameWorker;
  window.Worker = IFrameWorker;
})();
