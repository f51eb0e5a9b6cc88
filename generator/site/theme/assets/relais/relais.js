/* Relais — small fixes on every page, no framework. */
(function () {
  "use strict";

  // Material's search panel is a dialog without a name: screen readers announce it as such.
  var search = document.querySelector(".md-search[role='dialog']");
  if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Recherche");

  // A link or address to a heading inside a tab (#etapes, #exercices) opens that tab first,
  // then scrolls to the heading: a hidden heading cannot be scrolled to.
  function openTabOf(hash) {
    var id;
    try { id = decodeURIComponent((hash || "").slice(1)); } catch (error) { return false; }
    var target = id && document.getElementById(id);
    var block = target && target.closest(".tabbed-block");
    if (!block || target.matches(".tabbed-set > input")) return false;
    var set = block.closest(".tabbed-set");
    var blocks = Array.prototype.filter.call(block.parentElement.children, function (child) {
      return child.classList.contains("tabbed-block");
    });
    var inputs = set.querySelectorAll(":scope > input");
    var input = inputs[blocks.indexOf(block)];
    if (!input) return false;
    if (!input.checked) input.click();
    requestAnimationFrame(function () { target.scrollIntoView({ block: "start" }); });
    return true;
  }

  openTabOf(location.hash);
  window.addEventListener("hashchange", function () { openTabOf(location.hash); });
  document.addEventListener("click", function (event) {
    var anchor = event.target instanceof Element ? event.target.closest("a[href^='#']") : null;
    if (anchor && anchor.getAttribute("href") === location.hash) openTabOf(location.hash);
  });

  // Escape closes the glossary tooltip that hovering or focus opened (WCAG 1.4.13); the next
  // hover or focus of a term shows tooltips again.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    Array.prototype.forEach.call(document.querySelectorAll(".md-tooltip2--active"), function (tip) {
      tip.classList.add("relais-ferme");
    });
  });
  ["mouseover", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (!(event.target instanceof Element) || !event.target.closest("abbr, [data-md-tooltip]")) return;
      Array.prototype.forEach.call(document.querySelectorAll(".md-tooltip2.relais-ferme"), function (tip) {
        if (!tip.contains(event.target)) tip.classList.remove("relais-ferme");
      });
    }, true);
  });

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
