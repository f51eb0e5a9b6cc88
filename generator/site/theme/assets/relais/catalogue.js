/* Relais — the fiche catalogue: cards and filters built from the index generated at build time.
 *
 * Within a filter a fiche must match one of the checked values, across filters all of them.
 * Each value shows how many fiches it would give; the filters live in the page address
 * (?public=seniors,adultes&duree=60) so a link restores them. No framework, no server.
 */
(function () {
  "use strict";
  var root = document.getElementById("relais-catalogue");
  if (!root) return;

  // --- loading: fetch the JSON over http(s); from disk, browsers only allow a script tag ---

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      if (window.relaisCatalogue) return resolve(window.relaisCatalogue);
      var script = document.createElement("script");
      script.src = src;
      script.onload = function () { resolve(window.relaisCatalogue); };
      script.onerror = function () { reject(new Error(src)); };
      document.head.appendChild(script);
    });
  }

  function loadIndex() {
    if (location.protocol === "file:") return loadScript(root.dataset.script);
    return fetch(root.dataset.json)
      .then(function (response) {
        if (!response.ok) throw new Error(response.statusText);
        return response.json();
      })
      .catch(function () { return loadScript(root.dataset.script); });
  }

  // --- small DOM helper ---

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") node.textContent = value;
      else if (name === "class") node.className = value;
      else node.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function plural(count, one, many) {
    return count + " " + (count > 1 ? many : one);
  }

  // --- the catalogue ---

  function Catalogue(index) {
    this.facets = index.facets;
    this.fiches = index.fiches;
    this.labels = {};
    this.selected = {};
    this.inputs = {};
    var self = this;
    this.facets.forEach(function (facet) {
      self.labels[facet.id] = {};
      facet.values.forEach(function (value) { self.labels[facet.id][value.id] = value.label; });
      self.selected[facet.id] = new Set();
      self.inputs[facet.id] = {};
    });
    this.hrefs = this.linksFromList();
    this.readAddress();
    this.build();
    this.update();
  }

  // Card links are those of the plain list the page carries, already resolved by the site engine.
  Catalogue.prototype.linksFromList = function () {
    var hrefs = {};
    this.list = document.querySelector(".relais-catalogue-liste");
    if (!this.list) return hrefs;
    Array.prototype.forEach.call(this.list.querySelectorAll("[data-fiche]"), function (node) {
      var anchor = node.matches("a") ? node : node.querySelector("a");
      if (anchor) hrefs[node.getAttribute("data-fiche")] = anchor.getAttribute("href");
    });
    return hrefs;
  };

  Catalogue.prototype.readAddress = function () {
    var params = new URLSearchParams(location.search);
    var self = this;
    this.facets.forEach(function (facet) {
      var raw = params.get(facet.id);
      if (!raw) return;
      raw.split(",").forEach(function (value) {
        if (!(value in self.labels[facet.id])) return;
        if (facet.kind === "single") self.selected[facet.id].clear();
        self.selected[facet.id].add(value);
      });
    });
  };

  Catalogue.prototype.writeAddress = function () {
    var params = new URLSearchParams(location.search);
    var self = this;
    this.facets.forEach(function (facet) {
      var values = Array.from(self.selected[facet.id]);
      if (values.length) params.set(facet.id, values.join(","));
      else params.delete(facet.id);
    });
    var query = params.toString().replace(/%2C/g, ",");
    try {
      history.replaceState(null, "", (query ? "?" + query : location.pathname) + location.hash);
    } catch (error) {
      // Some browsers refuse to change the address of a page opened from disk: filters still work.
    }
  };

  Catalogue.prototype.build = function () {
    var self = this;
    var form = el("form", { class: "relais-filtres", "aria-labelledby": "relais-filtres-titre" }, [
      el("h2", { id: "relais-filtres-titre", text: "Filtrer les fiches" }),
    ]);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    this.facets.forEach(function (facet) { form.appendChild(self.fieldset(facet)); });
    this.reset = el("button", { type: "button", class: "md-button relais-effacer",
                                text: "Effacer les filtres" });
    this.reset.addEventListener("click", function () { self.clear(); });
    form.appendChild(this.reset);

    this.status = el("p", { class: "relais-statut", id: "relais-statut", role: "status",
                            "aria-live": "polite", tabindex: "-1" });
    this.empty = el("div", { class: "relais-vide", hidden: true });
    this.cards = el("ul", { class: "relais-cartes", "aria-labelledby": "relais-resultats-titre" });
    this.cardNodes = this.fiches.map(function (fiche) {
      var node = self.card(fiche);
      self.cards.appendChild(node);
      return node;
    });
    var results = el("div", { class: "relais-resultats" }, [
      el("h2", { id: "relais-resultats-titre", class: "relais-sr", text: "Fiches trouvées" }),
      this.status, this.empty, this.cards,
    ]);
    root.appendChild(el("div", { class: "relais-catalogue__grille" }, [form, results]));
    if (this.list) this.list.hidden = true;
  };

  Catalogue.prototype.fieldset = function (facet) {
    var self = this;
    var single = facet.kind === "single";
    var items = el("ul", { class: "relais-filtre__valeurs" });
    var values = single ? [{ id: "", label: "Toutes les durées" }].concat(facet.values) : facet.values;
    values.forEach(function (value) {
      var id = "filtre-" + facet.id + "-" + (value.id || "tout");
      var input = el("input", { type: single ? "radio" : "checkbox", id: id, name: facet.id,
                                value: value.id });
      var count = el("span", { class: "relais-compte" });
      var label = el("label", { for: id }, [
        facet.id === "niveau" ? self.stars(value.id) : null,
        facet.id === "niveau" ? " " : null,
        el("span", { text: value.label }), " ", count,
      ]);
      input.addEventListener("change", function () { self.toggle(facet, value.id, input.checked); });
      self.inputs[facet.id][value.id] = { input: input, count: count, item: null };
      var item = el("li", {}, [input, label]);
      self.inputs[facet.id][value.id].item = item;
      items.appendChild(item);
    });
    return el("fieldset", { class: "relais-filtre" }, [el("legend", { text: facet.label }), items]);
  };

  Catalogue.prototype.stars = function (niveau) {
    var count = { debutant: 1, intermediaire: 2, avance: 3 }[niveau] || 0;
    return el("span", { class: "relais-etoiles", "aria-hidden": "true",
                        text: "★".repeat(count) + "☆".repeat(3 - count) });
  };

  Catalogue.prototype.card = function (fiche) {
    var labels = this.labels;
    function names(facet) {
      return fiche.f[facet].map(function (v) { return labels[facet][v] || v; });
    }
    var niveau = fiche.f.niveau[0];
    var meta = el("dl", { class: "relais-carte__meta" }, [
      el("div", {}, [el("dt", { text: "Public" }), el("dd", { text: names("public").join(", ") })]),
      el("div", {}, [el("dt", { text: "Niveau" }), el("dd", {}, [
        this.stars(niveau),
        el("span", { text: " " + labels.niveau[niveau] + " (" + fiche.etoiles + " sur 3)" }),
      ])]),
      el("div", {}, [el("dt", { text: "Durée" }), el("dd", { text: fiche.duree })]),
      el("div", {}, [el("dt", { text: "Modalité" }), el("dd", { text: names("modalite").join(", ") })]),
    ]);
    var themes = names("thematique");
    return el("li", { class: "relais-carte", "data-fiche": fiche.id }, [
      el("h3", { class: "relais-carte__titre" }, [
        el("a", { href: this.hrefs[fiche.id] || fiche.id + "/", text: fiche.titre }),
      ]),
      el("p", { class: "relais-carte__resume", text: fiche.resume }),
      meta,
      themes.length ? el("ul", { class: "relais-etiquettes", "aria-label": "Thématiques" },
        themes.map(function (name) { return el("li", { text: name }); })) : null,
    ]);
  };

  // Does the fiche match every filter, leaving out the facet `except` (for per-value counts)?
  Catalogue.prototype.matches = function (fiche, except, selected) {
    selected = selected || this.selected;
    return this.facets.every(function (facet) {
      var wanted = selected[facet.id];
      if (facet.id === except || wanted.size === 0) return true;
      return fiche.f[facet.id].some(function (value) { return wanted.has(value); });
    });
  };

  // How many fiches match exactly these filters ({facet, value} pairs).
  Catalogue.prototype.countWith = function (filters) {
    var self = this;
    var selected = {};
    this.facets.forEach(function (facet) { selected[facet.id] = new Set(); });
    filters.forEach(function (filter) { selected[filter.facet.id].add(filter.value); });
    return this.fiches.filter(function (fiche) { return self.matches(fiche, null, selected); }).length;
  };

  Catalogue.prototype.toggle = function (facet, value, on) {
    var chosen = this.selected[facet.id];
    if (facet.kind === "single") chosen.clear();
    if (on && value !== "") chosen.add(value);
    else chosen.delete(value);
    this.update();
  };

  Catalogue.prototype.clear = function () {
    var self = this;
    this.facets.forEach(function (facet) { self.selected[facet.id].clear(); });
    this.update();
    this.status.focus();
  };

  Catalogue.prototype.update = function () {
    var self = this;
    var shown = 0;
    this.fiches.forEach(function (fiche, index) {
      var visible = self.matches(fiche, null);
      self.cardNodes[index].hidden = !visible;
      if (visible) shown += 1;
    });
    this.facets.forEach(function (facet) { self.updateFacet(facet); });
    var active = this.activeFilters();
    this.status.textContent = shown === this.fiches.length
      ? plural(shown, "fiche", "fiches") + ", toutes affichées."
      : plural(shown, "fiche trouvée", "fiches trouvées") + " sur " + this.fiches.length + ".";
    if (shown === 0) this.status.textContent = "Aucune fiche trouvée sur " + this.fiches.length + ".";
    this.reset.hidden = active.length === 0;
    this.explain(shown, active);
    this.writeAddress();
  };

  Catalogue.prototype.updateFacet = function (facet) {
    var self = this;
    var counts = {};
    var total = 0;
    this.fiches.forEach(function (fiche) {
      if (!self.matches(fiche, facet.id)) return;
      total += 1;
      fiche.f[facet.id].forEach(function (value) { counts[value] = (counts[value] || 0) + 1; });
    });
    var chosen = this.selected[facet.id];
    Object.keys(this.inputs[facet.id]).forEach(function (value) {
      var entry = self.inputs[facet.id][value];
      var count = value === "" ? total : counts[value] || 0;
      entry.count.textContent = "(" + count + ")";
      entry.input.checked = value === "" ? chosen.size === 0 : chosen.has(value);
      entry.item.classList.toggle("relais-zero", count === 0 && !entry.input.checked);
    });
  };

  Catalogue.prototype.activeFilters = function () {
    var self = this;
    var active = [];
    this.facets.forEach(function (facet) {
      self.selected[facet.id].forEach(function (value) {
        active.push({ facet: facet, value: value, label: facet.label + " : " + self.labels[facet.id][value] });
      });
    });
    return active;
  };

  // No result: say which filters are combined and what removing each one would give.
  Catalogue.prototype.explain = function (shown, active) {
    var self = this;
    this.empty.replaceChildren();
    this.empty.hidden = shown !== 0;
    if (shown !== 0) return;
    if (this.fiches.length === 0) {
      this.empty.appendChild(el("p", { text: "Le catalogue ne contient encore aucune fiche." }));
      return;
    }
    this.empty.appendChild(el("p", {}, [
      el("strong", { text: "Aucune fiche ne réunit tous ces filtres" }),
      " : " + active.map(function (f) { return f.label; }).join(" ; ") + ".",
    ]));
    var alone = active.filter(function (filter) { return self.countWith([filter]) === 0; });
    this.empty.appendChild(el("p", { text: alone.length
      ? alone.map(function (f) { return "« " + f.label + " » ne correspond à aucune fiche."; }).join(" ")
      : "Chaque filtre pris seul donne des fiches, mais pas leur combinaison." }));
    this.empty.appendChild(el("p", { text: "Pour élargir la recherche, retirez un filtre :" }));
    var options = el("ul", { class: "relais-vide__options" });
    active.forEach(function (filter) {
      var count = self.countWith(active.filter(function (other) { return other !== filter; }));
      var button = el("button", { type: "button", class: "relais-retirer",
                                  text: "Retirer « " + filter.label + " »" });
      button.addEventListener("click", function () {
        self.toggle(filter.facet, filter.value, false);
        self.status.focus();
      });
      options.appendChild(el("li", {}, [
        button, " : " + (count ? plural(count, "fiche", "fiches") : "toujours aucune fiche"),
      ]));
    });
    this.empty.appendChild(options);
  };

  loadIndex().then(function (index) {
    new Catalogue(index);
  }).catch(function () {
    root.appendChild(el("p", { class: "relais-vide", text: "Les filtres n'ont pas pu être " +
      "chargés. La liste complète des fiches reste disponible ci-dessous." }));
  });
})();
