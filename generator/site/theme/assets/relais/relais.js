/* Relais — small fixes on every page, no framework. */
(function () {
  "use strict";

  // Material's search panel is a dialog without a name: screen readers announce it as such.
  var search = document.querySelector(".md-search[role='dialog']");
  if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Recherche");

  // Opened from a disk or a USB stick (file://), pages live at `folder/index.html` and link to
  // `folder/`, where the browser would show a file listing. Such links (the search results too,
  // built later) get their `index.html`.
  if (location.protocol !== "file:") return;

  function fix(anchor) {
    var href = anchor.getAttribute("href");
    if (!href || href.charAt(0) === "#") return;
    var url = new URL(anchor.href, location.href);
    if (url.protocol !== "file:" || !url.pathname.endsWith("/")) return;
    url.pathname += "index.html";
    anchor.setAttribute("href", url.href);
  }

  function fixTarget(event) {
    var anchor = event.target instanceof Element ? event.target.closest("a[href]") : null;
    if (anchor) fix(anchor);
  }

  Array.prototype.forEach.call(document.querySelectorAll("a[href]"), fix);
  ["click", "auxclick", "focusin", "mouseover"].forEach(function (type) {
    document.addEventListener(type, fixTarget, true);
  });
})();
