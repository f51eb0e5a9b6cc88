/* Relais — the fiche catalogue: cards, a text box, a sort and filters, built from the index
 * generated at build time.
 *
 * Results come first: on a phone the filters fold into a « Filtrer » panel that tells how many
 * are active and closes on « Voir les N fiches »; on a wide screen they sit beside the results,
 * which keep their count and the active filters (removable chips) at their top. Within a
 * filter a fiche must match one of the checked values, across filters all of them. The text
 * box ignores accents, capitals, plurals and knows the synonyms of the site's search. The
 * filters, text and sort live in the page address, so a link restores them.
 */
(function () {
  "use strict";
  var root = document.getElementById("relais-catalogue");
  if (!root) return;

  var NARROW = window.matchMedia("(max-width: 44.9375em)");
  var COLLATOR = new Intl.Collator("fr");
  var SORTS = [
    { id: "pertinence", label: "pertinence" },
    { id: "duree", label: "durée" },
    { id: "titre", label: "titre" },
  ];

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

  // --- small helpers ---

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

  // Lower case without accents, as the site's search compares words.
  function fold(text) {
    return text.toLowerCase().replace(/œ/g, "oe").replace(/æ/g, "ae").replace(/’/g, "'")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  // Folded words only, each after a space: word starts are found with " " + word.
  function words(text) {
    return " " + fold(text).replace(/[^a-z0-9]+/g, " ").trim() + " ";
  }

  // Does `haystack` (from `words`) hold each word of `phrase` (without plurals) as a word start?
  function holds(haystack, phrase) {
    var all = words(phrase).trim().split(" ");
    var long = all.filter(function (word) { return word.length > 1; });  // « l' », « d' » go
    return (long.length ? long : all).every(function (word) {
      return word && haystack.indexOf(" " + singular(word)) >= 0;
    });
  }

  // A query word without its plural ending: « courriels » finds « courriel ».
  function singular(word) {
    if (word.length > 3 && /aux$/.test(word)) return word.slice(0, -1);
    if (word.length > 3 && /[sx]$/.test(word) && !/ss$/.test(word)) return word.slice(0, -1);
    return word;
  }

  // --- the catalogue ---

  function Catalogue(index) {
    this.facets = index.facets;
    this.fiches = index.fiches;
    this.synonyms = index.synonymes || [];
    this.labels = {};
    this.selected = {};
    this.inputs = {};
    this.text = "";
    this.sort = "pertinence";
    var self = this;
    this.facets.forEach(function (facet) {
      self.labels[facet.id] = {};
      facet.values.forEach(function (value) { self.labels[facet.id][value.id] = value.label; });
      self.selected[facet.id] = new Set();
      self.inputs[facet.id] = {};
    });
    this.fiches.forEach(function (fiche, order) {
      fiche.order = order;
      fiche.folded = self.haystack(fiche);
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

  // What the text box searches in a fiche: title apart (it weighs more), then the rest.
  Catalogue.prototype.haystack = function (fiche) {
    var labels = this.labels;
    var texts = [fiche.resume];
    ["thematique", "competence", "public"].forEach(function (facet) {
      (fiche.f[facet] || []).forEach(function (v) { texts.push(labels[facet][v] || v); });
    });
    return { titre: words(fiche.titre), reste: words(texts.join(" ")) };
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
    this.text = params.get("texte") || "";
    var sort = params.get("tri");
    if (SORTS.some(function (s) { return s.id === sort; })) this.sort = sort;
  };

  Catalogue.prototype.writeAddress = function () {
    var params = new URLSearchParams(location.search);
    var self = this;
    this.facets.forEach(function (facet) {
      var values = Array.from(self.selected[facet.id]);
      if (values.length) params.set(facet.id, values.join(","));
      else params.delete(facet.id);
    });
    if (this.text.trim()) params.set("texte", this.text.trim());
    else params.delete("texte");
    if (this.sort !== "pertinence") params.set("tri", this.sort);
    else params.delete("tri");
    var query = params.toString().replace(/%2C/g, ",");
    try {
      history.replaceState(null, "", (query ? "?" + query : location.pathname) + location.hash);
    } catch (error) {
      // Some browsers refuse to change the address of a page opened from disk: filters still work.
    }
  };

  // --- building the page ---

  Catalogue.prototype.build = function () {
    var intro = document.querySelector(".relais-catalogue-intro");
    if (intro) intro.hidden = true;  // the count is in the results' status now
    var toolbar = this.toolbar();
    var form = this.form();
    var results = this.results();
    root.appendChild(toolbar);
    root.appendChild(el("div", { class: "relais-catalogue__grille" }, [form, results]));
    if (this.list) this.list.hidden = true;
  };

  Catalogue.prototype.toolbar = function () {
    var self = this;
    this.search = el("input", { type: "search", id: "relais-texte", class: "relais-texte",
                                autocomplete: "off", spellcheck: "false",
                                placeholder: "mot de passe, courriel…" });
    this.search.value = this.text;
    this.search.addEventListener("input", function () {
      self.text = self.search.value;
      self.update();
    });
    this.sorter = el("select", { id: "relais-tri" }, SORTS.map(function (sort) {
      return el("option", { value: sort.id, text: sort.label });
    }));
    this.sorter.value = this.sort;
    this.sorter.addEventListener("change", function () {
      self.sort = self.sorter.value;
      self.update();
    });
    this.activeCount = el("span", { class: "relais-nb-actifs" });
    this.toggleButton = el("button", { type: "button", class: "relais-ouvrir-filtres",
                                       "aria-expanded": "false", "aria-controls": "relais-filtres" },
      [el("span", { text: "Filtrer" }), this.activeCount]);
    this.toggleButton.addEventListener("click", function () { self.openPanel(!self.panelOpen()); });
    return el("div", { class: "relais-barre" }, [
      el("div", { class: "relais-barre__texte" }, [
        el("label", { for: "relais-texte", text: "Chercher dans les fiches" }), this.search,
      ]),
      el("div", { class: "relais-barre__tri" }, [
        el("label", { for: "relais-tri", text: "Trier par" }), this.sorter,
      ]),
      this.toggleButton,
    ]);
  };

  Catalogue.prototype.form = function () {
    var self = this;
    var form = el("form", { id: "relais-filtres", class: "relais-filtres",
                            "aria-labelledby": "relais-filtres-titre" }, [
      el("h2", { id: "relais-filtres-titre", text: "Filtrer les fiches" }),
      el("p", { class: "relais-filtres__aide", text: "Dans un même filtre, une fiche doit " +
        "correspondre à l'une des valeurs cochées ; d'un filtre à l'autre, à toutes. Le lien " +
        "de la page garde vos filtres, pour le partager." }),
    ]);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && self.panelOpen()) {
        self.openPanel(false);
        self.toggleButton.focus();
      }
    });
    this.facets.forEach(function (facet) { form.appendChild(self.fieldset(facet)); });
    this.showButton = el("button", { type: "button", class: "md-button md-button--primary relais-voir" });
    this.showButton.addEventListener("click", function () { self.showResults(); });
    form.appendChild(el("div", { class: "relais-filtres__pied" }, [this.showButton]));
    this.panel = form;
    return form;
  };

  Catalogue.prototype.results = function () {
    var self = this;
    this.status = el("p", { class: "relais-statut", id: "relais-statut", role: "status",
                            "aria-live": "polite", tabindex: "-1" });
    this.chips = el("ul", { class: "relais-puces", "aria-label": "Filtres actifs" });
    this.reset = el("button", { type: "button", class: "relais-effacer", text: "Effacer les filtres" });
    this.reset.addEventListener("click", function () { self.clear(); });
    this.empty = el("div", { class: "relais-vide", hidden: true });
    this.cards = el("ul", { class: "relais-cartes", "aria-labelledby": "relais-resultats-titre" });
    this.cardNodes = this.fiches.map(function (fiche) {
      var node = self.card(fiche);
      self.cards.appendChild(node);
      return node;
    });
    this.resultsBox = el("section", { class: "relais-resultats", "aria-labelledby": "relais-resultats-titre" }, [
      el("div", { class: "relais-resultats__tete" }, [
        el("h2", { id: "relais-resultats-titre", class: "relais-sr", text: "Fiches trouvées" }),
        this.status,
        el("div", { class: "relais-actifs" }, [this.chips, this.reset]),
      ]),
      this.empty, this.cards,
    ]);
    return this.resultsBox;
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
      var item = el("li", {}, [input, label]);
      self.inputs[facet.id][value.id] = { input: input, count: count, item: item };
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
      fiche.a_reverifier ? el("p", { class: "relais-a-reverifier", text: "à revérifier" }) : null,
      el("p", { class: "relais-carte__resume", text: fiche.resume }),
      meta,
      themes.length ? el("ul", { class: "relais-etiquettes", "aria-label": "Thématiques" },
        themes.map(function (name) { return el("li", { text: name }); })) : null,
    ]);
  };

  // --- the phone panel ---

  Catalogue.prototype.panelOpen = function () {
    return root.classList.contains("relais-filtres-ouverts");
  };

  Catalogue.prototype.openPanel = function (open) {
    root.classList.toggle("relais-filtres-ouverts", open);
    this.toggleButton.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) {
      var first = this.panel.querySelector("input");
      if (first) first.focus();
    }
  };

  // « Voir les N fiches »: the panel closes and the results come into view.
  Catalogue.prototype.showResults = function () {
    this.openPanel(false);
    this.resultsBox.scrollIntoView({ block: "start" });
    this.status.focus({ preventScroll: true });
  };

  // --- matching ---

  // The words of the text box, each with the spellings that count (plural, synonyms).
  Catalogue.prototype.queryWords = function () {
    var synonyms = this.synonyms;
    var text = " " + fold(this.text) + " ";
    var found = [];
    synonyms.forEach(function (group) {  // multi-word synonyms first: « mot de passe »
      group.forEach(function (member) {
        if (member.indexOf(" ") < 0) return;
        var at = text.indexOf(" " + member + " ");
        if (at < 0) return;
        text = text.slice(0, at) + " " + text.slice(at + member.length + 1);
        found.push(group);
      });
    });
    text.split(/[\s,;]+/).forEach(function (raw) {
      var word = raw.replace(/^['-]+|['-]+$/g, "");
      if (!word) return;
      var base = singular(word);
      var group = synonyms.filter(function (g) {
        return g.some(function (m) { return m === word || m === base || singular(m) === base; });
      })[0];
      found.push(group ? group.concat([base]) : [base]);
    });
    return found;
  };

  // 0 when the fiche lacks a word of the text box; else more for words in the title.
  Catalogue.prototype.score = function (fiche, wanted) {
    var total = 1;
    for (var i = 0; i < wanted.length; i++) {
      var best = 0;
      wanted[i].forEach(function (spelling) {
        if (holds(fiche.folded.titre, spelling)) best = Math.max(best, 3);
        else if (holds(fiche.folded.reste, spelling)) best = Math.max(best, 1);
      });
      if (!best) return 0;
      total += best;
    }
    return total;
  };

  // Does the fiche match every filter, leaving out the facet `except` (for per-value counts)?
  Catalogue.prototype.matches = function (fiche, except, selected) {
    selected = selected || this.selected;
    if (this.scores && !this.scores[fiche.id]) return false;
    return this.facets.every(function (facet) {
      var wanted = selected[facet.id];
      if (facet.id === except || wanted.size === 0) return true;
      return fiche.f[facet.id].some(function (value) { return wanted.has(value); });
    });
  };

  // How many fiches match exactly these filters ({facet, value} pairs) and the text box.
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
    this.text = "";
    this.search.value = "";
    this.update();
    this.status.focus();
  };

  // --- showing the results ---

  Catalogue.prototype.update = function () {
    var self = this;
    var wanted = this.text.trim() ? this.queryWords() : [];
    this.scores = null;
    if (wanted.length) {
      this.scores = {};
      this.fiches.forEach(function (fiche) { self.scores[fiche.id] = self.score(fiche, wanted); });
    }
    var shown = 0;
    this.fiches.forEach(function (fiche, index) {
      var visible = self.matches(fiche, null);
      self.cardNodes[index].hidden = !visible;
      if (visible) shown += 1;
    });
    this.order();
    this.facets.forEach(function (facet) { self.updateFacet(facet); });
    var active = this.activeFilters();
    this.status.textContent = this.statusText(shown);
    this.showButton.textContent = shown ? "Voir " + (shown > 1 ? "les " + shown + " fiches" : "la fiche")
      : "Aucune fiche : voir pourquoi";
    this.activeCount.textContent = active.length ? " (" + plural(active.length, "actif", "actifs") + ")" : "";
    this.reset.hidden = active.length === 0 && !this.text.trim();
    this.showChips(active);
    this.explain(shown, active);
    this.writeAddress();
    this.keepInView();
  };

  Catalogue.prototype.statusText = function (shown) {
    var total = this.fiches.length;
    if (shown === 0) return "Aucune fiche trouvée sur " + total + ".";
    if (shown === total) return plural(shown, "fiche", "fiches") + ", toutes affichées.";
    return plural(shown, "fiche trouvée", "fiches trouvées") + " sur " + total + ".";
  };

  Catalogue.prototype.order = function () {
    var self = this;
    var sorted = this.fiches.slice();
    var by = {
      titre: function (a, b) { return COLLATOR.compare(a.titre, b.titre); },
      duree: function (a, b) { return a.minutes - b.minutes || COLLATOR.compare(a.titre, b.titre); },
      pertinence: function (a, b) {
        var scores = self.scores;
        return (scores ? scores[b.id] - scores[a.id] : 0) || a.order - b.order;
      },
    }[this.sort];
    sorted.sort(by);
    sorted.forEach(function (fiche) { self.cards.appendChild(self.cardNodes[fiche.order]); });
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

  // The active filters at the top of the results, each a button that removes it.
  Catalogue.prototype.showChips = function (active) {
    var self = this;
    this.chips.replaceChildren();
    this.chips.hidden = active.length === 0;
    active.forEach(function (filter) {
      var button = el("button", { type: "button", class: "relais-puce",
                                  "aria-label": "Retirer le filtre « " + filter.label + " »" }, [
        el("span", { text: filter.label }), el("span", { "aria-hidden": "true", text: " ×" }),
      ]);
      button.addEventListener("click", function () {
        self.toggle(filter.facet, filter.value, false);
        self.status.focus({ preventScroll: true });
      });
      self.chips.appendChild(el("li", {}, [button]));
    });
  };

  // On a wide screen, ticking a filter never leaves the results above the screen.
  Catalogue.prototype.keepInView = function () {
    if (NARROW.matches || !this.resultsBox) return;
    var header = document.querySelector(".md-header");
    var top = header ? header.getBoundingClientRect().bottom : 0;
    var box = this.resultsBox.getBoundingClientRect();
    if (box.top < top && box.bottom < top + 200) this.resultsBox.scrollIntoView({ block: "start" });
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
    var text = this.text.trim();
    if (text) {
      this.empty.appendChild(el("p", {}, [
        el("strong", { text: "Aucune fiche ne contient « " + text + " »" }),
        active.length ? " avec ces filtres." : ".",
      ]));
      var clearText = el("button", { type: "button", class: "relais-retirer", text: "Effacer le texte" });
      clearText.addEventListener("click", function () {
        self.text = "";
        self.search.value = "";
        self.update();
        self.search.focus();
      });
      this.empty.appendChild(el("p", {}, [clearText]));
      if (!active.length) return;
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
