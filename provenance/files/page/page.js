// The page's own script (provenance): paints the story's picture, which the library
// described (provenance.drawing.picture), as SVG and lets a reader explore it.
// Plain JavaScript, no framework. Every string from the story goes in as text
// (textContent or an SVG text node); a URL becomes a link only when it is http(s).
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("story-data").textContent);
  var chart = document.getElementById("chart");
  var details = document.getElementById("details");
  var lensSelect = document.getElementById("lens");
  var lineageButton = document.getElementById("lineage");
  var state = { k: 1, x: 0, y: 0, lens: null, selected: null, lineage: false, opener: null };
  var cardNodes = [], linkNodes = [], markers = {};

  function el(tag, attrs, parent) {
    var node = document.createElementNS(SVG, tag);
    for (var name in attrs) { node.setAttribute(name, attrs[name]); }
    if (parent) { parent.appendChild(node); }
    return node;
  }
  // Text as the node's content, with a <wbr> (a place to break a line, no text of its
  // own: textContent and a copy stay the text) every 60 characters of a run without a
  // space: a browser takes minutes to wrap a word of a million characters.
  function setText(node, text) {
    text = String(text);
    if (node.localName === "option" || !/\S{60}/u.test(text)) {
      node.textContent = text;
      return;
    }
    node.textContent = "";
    var run = /\S{60}/gu, last = 0;
    while (run.exec(text) !== null) {
      node.appendChild(document.createTextNode(text.slice(last, run.lastIndex)));
      node.appendChild(document.createElement("wbr"));
      last = run.lastIndex;
    }
    node.appendChild(document.createTextNode(text.slice(last)));
  }
  function html(tag, text, parent) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { setText(node, text); }
    if (parent) { parent.appendChild(node); }
    return node;
  }
  function safeUrl(url) {
    return /^https?:\/\/[^\s]+$/i.test(url || "") ? url : null;
  }
  function urlLink(url, parent) {
    var good = safeUrl(url);
    if (!good) { return html("span", url || "", parent); }
    var a = html("a", url, parent);
    a.href = good; a.rel = "noopener noreferrer"; a.target = "_blank";
    return a;
  }
  function clipText(text, limit) {
    return text.length > limit ? text.slice(0, limit - 1) + "\u2026" : text;
  }

  // ---------------------------------------------------------------- the chart
  var svg = el("svg", { id: "picture", role: "group", "aria-label": "Diagram of " +
    data.cards.length + " reports and " + data.links.length + " links. Tab moves through " +
    "the reports in story order; Enter opens one." }, chart);
  svg.setAttribute("aria-roledescription", "diagram");
  var defs = el("defs", {}, svg);
  var view = el("g", { id: "viewport" }, svg);
  var linkLayer = el("g", { "class": "links" }, view);
  var markLayer = el("g", { "class": "marks" }, view);
  var cardLayer = el("g", { "class": "cards" }, view);

  function marker(color) {
    if (markers[color]) { return markers[color]; }
    var id = "arrow" + Object.keys(markers).length;
    var m = el("marker", { id: id, viewBox: "0 0 10 10", refX: "9", refY: "5",
      markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" }, defs);
    el("path", { d: "M0,0 L10,5 L0,10 z", fill: color }, m);
    markers[color] = "url(#" + id + ")";
    return markers[color];
  }
  function paintLink(i, lookIndex) {
    var look = data.linkLooks[lookIndex], node = linkNodes[i];
    node.line.setAttribute("stroke", look[0]);
    node.line.setAttribute("stroke-width", look[1]);
    node.line.setAttribute("stroke-opacity", look[3]);
    node.line.setAttribute("stroke-dasharray", look[2] ? "4 2.5" : "none");
    node.line.setAttribute("marker-end", marker(look[0]));
  }
  data.links.forEach(function (link, i) {
    var d = link.points.map(function (p, j) { return (j ? "L" : "M") + p[0] + "," + p[1]; });
    var g = el("g", { "class": "link", "data-from": data.cards[link.s].id,
      "data-to": data.cards[link.t].id }, linkLayer);
    var hit = el("path", { d: d.join(" "), "class": "hit", stroke: "transparent",
      "stroke-width": "10", fill: "none" }, g);
    var line = el("path", { d: d.join(" "), fill: "none", "class": "line" }, g);
    linkNodes.push({ g: g, line: line, hit: hit });
    paintLink(i, link.look);
    g.addEventListener("click", function (event) { event.stopPropagation(); openLink(i); });
  });

  function paintCard(i, lookIndex) {
    var look = data.looks[lookIndex], node = cardNodes[i];
    node.box.setAttribute("fill", look[0]);
    node.box.setAttribute("stroke", look[1]);
    node.box.setAttribute("stroke-width", look[2]);
    node.texts.forEach(function (t) { t.setAttribute("fill", look[3]); });
  }
  function addMarks(card, i) {
    if (card.ring) {
      var pad = 8;
      var ring = el("rect", { x: card.x - pad, y: card.y - pad, width: card.w + 2 * pad,
        height: card.h + 2 * pad, rx: 14, fill: data.pointColor, "fill-opacity": "0.12",
        stroke: data.pointColor, "stroke-width": "3.5", "class": "ring",
        "stroke-dasharray": card.ring === "estimate" ? "4 2" : "none" }, markLayer);
      var label = el("text", { x: card.x - pad, y: card.y - pad - 3, "class": "mark-label",
        fill: data.pointColor }, markLayer);
      label.textContent = (card.tag || "").toUpperCase();
      cardNodes[i].ring = [ring, label];
    } else if (card.planted) {
      el("rect", { x: card.x - 4, y: card.y - 4, width: card.w + 8, height: card.h + 8,
        rx: 8, fill: "none", stroke: "#F28E2B", "stroke-width": "2",
        "stroke-dasharray": "3 1.5" }, markLayer);
      var planted = el("text", { x: card.x, y: card.y - 6, "class": "mark-label",
        fill: "#F28E2B" }, markLayer);
      planted.textContent = card.tag || "planted here";
    }
  }
  data.cards.forEach(function (card, i) {
    var g = el("g", { "class": "card", tabindex: "0", role: "button",
      "data-id": card.id, "aria-label": cardLabel(card) }, cardLayer);
    var box = el("rect", { x: card.x, y: card.y, width: card.w, height: card.h, rx: 6 }, g);
    var lines = card.lines.slice();
    if (card.stance) { lines.push(card.stance); }
    var texts = lines.slice(0, 4).map(function (line, j) {
      var t = el("text", { x: card.x + 7, y: card.y + 17 + j * 16,
        "class": j === 0 ? "name" : "line" }, g);
      // About 0.6 em a character: the name at 13 units, the other lines at 11.
      t.textContent = clipText(line, Math.max(8, Math.floor((card.w - 12) /
        (j === 0 ? 7.6 : 6.4))));
      return t;
    });
    cardNodes.push({ g: g, box: box, texts: texts });
    paintCard(i, card.look);
    addMarks(card, i);
    g.addEventListener("click", function (event) { event.stopPropagation(); openCard(i); });
    g.addEventListener("mouseenter", function () { if (!state.pinned) { preview(i); } });
    g.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); openCard(i); }
    });
    g.addEventListener("focus", function () { ensureVisible(card); });
  });
  data.groups.forEach(function (group) {
    var g = el("g", { "class": "group", tabindex: "0", role: "button",
      "aria-label": group.count + " reports repeat it faithfully: open the list" }, cardLayer);
    el("path", { d: group.points.map(function (p, j) {
      return (j ? "L" : "M") + p[0] + "," + p[1]; }).join(" "),
      stroke: "#4D4D4D", "stroke-dasharray": "3 3", fill: "none" }, linkLayer);
    el("rect", { x: group.x, y: group.y, width: group.w, height: group.h, rx: 6,
      fill: "#FFFFFF", stroke: "#4D4D4D", "stroke-dasharray": "3 3" }, g);
    var t = el("text", { x: group.x + 8, y: group.y + 22, "class": "name" }, g);
    t.textContent = group.count.toLocaleString("en") + (group.count === 1 ?
      " report repeats it" : " reports repeat it");
    var more = el("text", { x: group.x + 8, y: group.y + 40, "class": "line" }, g);
    more.textContent = "faithfully: open to list";
    function open() { openGroup(group, g); }
    g.addEventListener("click", function (event) { event.stopPropagation(); open(); });
    g.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); open(); }
    });
  });

  function cardLabel(card) {
    var parts = [card.actor, card.kind, card.date, card.title];
    if (card.tag) { parts.push(card.tag); }
    return parts.filter(function (p) { return p; }).join(", ");
  }

  // ---------------------------------------------------------------- pan and zoom
  function apply() {
    view.setAttribute("transform", "translate(" + state.x + "," + state.y + ") scale(" +
      state.k + ")");
  }
  // The first view: the whole picture when its text is readable so, else readable
  // text around the point of distortion (Fit shows the whole picture).
  var READABLE = 0.6;
  function size() {
    var w = chart.clientWidth || 300;
    var k = Math.max(Math.min(w / (data.width + 40), 2), READABLE);
    chart.style.height = Math.round(Math.max(300, Math.min((data.height + 80) * k,
      window.innerHeight * 0.75))) + "px";
  }
  function fit() {
    var w = chart.clientWidth || 300, h = chart.clientHeight || 300;
    var k = Math.min(w / (data.width + 40), h / (data.height + 60), 2);
    state.k = k > 0 ? k : 1;
    state.x = (w - data.width * state.k) / 2;
    state.y = (h - data.height * state.k) / 2 + 10 * state.k;
    apply();
  }
  function firstView() {
    size();
    fit();
    if (state.k >= READABLE) { return; }
    var w = chart.clientWidth, h = chart.clientHeight;
    var at = data.cards.filter(function (c) { return c.id === data.marked; })[0];
    var cx = at ? at.x + at.w / 2 : data.width / 2, cy = at ? at.y + at.h / 2 : data.height / 2;
    state.k = READABLE;
    state.x = w / 2 - cx * state.k;
    state.y = h / 2 - cy * state.k;
    apply();
  }
  function zoom(factor, cx, cy) {
    var k = Math.max(0.02, Math.min(8, state.k * factor));
    if (cx === undefined) { cx = chart.clientWidth / 2; cy = chart.clientHeight / 2; }
    state.x = cx - (cx - state.x) * (k / state.k);
    state.y = cy - (cy - state.y) * (k / state.k);
    state.k = k;
    apply();
  }
  function pan(dx, dy) { state.x += dx; state.y += dy; apply(); }
  function ensureVisible(card) {
    var w = chart.clientWidth, h = chart.clientHeight;
    var left = state.x + card.x * state.k, top = state.y + card.y * state.k;
    var right = left + card.w * state.k, bottom = top + card.h * state.k;
    if (left < 0 || right > w || top < 0 || bottom > h) {
      state.x += w / 2 - (left + right) / 2;
      state.y += h / 2 - (top + bottom) / 2;
      apply();
    }
  }
  chart.addEventListener("wheel", function (event) {
    event.preventDefault();
    var r = chart.getBoundingClientRect();
    zoom(Math.exp(-event.deltaY * 0.0015), event.clientX - r.left, event.clientY - r.top);
  }, { passive: false });
  var pointers = {}, pinch = null, moved = false;
  chart.addEventListener("pointerdown", function (event) {
    pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
    moved = false;
  });
  chart.addEventListener("pointermove", function (event) {
    var last = pointers[event.pointerId];
    if (!last) { return; }
    var ids = Object.keys(pointers);
    if (ids.length === 2) {
      var other = pointers[ids[0] == event.pointerId ? ids[1] : ids[0]];
      var before = Math.hypot(last.x - other.x, last.y - other.y);
      var after = Math.hypot(event.clientX - other.x, event.clientY - other.y);
      var r = chart.getBoundingClientRect();
      if (before > 0) {
        zoom(after / before, (event.clientX + other.x) / 2 - r.left,
          (event.clientY + other.y) / 2 - r.top);
      }
    } else {
      var dx = event.clientX - last.x, dy = event.clientY - last.y;
      if (Math.abs(dx) + Math.abs(dy) > 2) { moved = true; }
      if (moved) {
        if (!chart.hasPointerCapture(event.pointerId)) {
          chart.setPointerCapture(event.pointerId);
        }
        pan(dx, dy);
      }
    }
    pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
  });
  function release(event) { delete pointers[event.pointerId]; }
  chart.addEventListener("pointerup", release);
  chart.addEventListener("pointercancel", release);
  chart.addEventListener("click", function (event) {
    if (!moved && event.target === svg) { closeDetails(); }
  }, true);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { closeDetails(); return; }
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "select" || tag === "input" || tag === "textarea") { return; }
    var step = 40;
    var keys = { "+": function () { zoom(1.25); }, "=": function () { zoom(1.25); },
      "-": function () { zoom(0.8); }, "_": function () { zoom(0.8); },
      ArrowLeft: function () { pan(step, 0); }, ArrowRight: function () { pan(-step, 0); },
      ArrowUp: function () { pan(0, step); }, ArrowDown: function () { pan(0, -step); } };
    if (keys[event.key] && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      keys[event.key]();
    }
  });
  document.getElementById("zoom-in").addEventListener("click", function () { zoom(1.25); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoom(0.8); });
  document.getElementById("zoom-fit").addEventListener("click", fit);
  window.addEventListener("resize", firstView);
  // Printed, the chart is the whole picture, whatever the reader had zoomed to.
  window.addEventListener("beforeprint", function () {
    svg.setAttribute("viewBox", "-20 -30 " + (data.width + 40) + " " + (data.height + 60));
    view.setAttribute("transform", "");
  });
  window.addEventListener("afterprint", function () { svg.removeAttribute("viewBox"); apply(); });

  // ---------------------------------------------------------------- details
  var heading = document.getElementById("details-heading");
  var body = document.getElementById("details-body");
  function row(name, value, asUrl) {
    if (!value) { return; }
    html("dt", name, body);
    var dd = html("dd", asUrl ? undefined : value, body);
    if (asUrl) { urlLink(value, dd); }
  }
  function show(title, opener) {
    setText(heading, title);
    details.hidden = false;
    if (opener) {
      state.opener = opener;
      details.scrollIntoView({ block: "nearest" });
    }
  }
  function preview(i) { fill(i); show(data.cards[i].actor); }
  function fill(i) {
    var card = data.cards[i];
    body.textContent = "";
    row("Published", card.date || "no date");
    row("Kind", card.kind);
    row("Title", card.title);
    row("Finding", card.tag);
    var lens = state.lens;
    row("Stance", lens ? (lens.legends[i] || "does not carry the claim") : card.stance);
    row("Text", card.text);
    row("URL", card.url, true);
    row("Id", card.id);
    data.links.forEach(function (link, j) {
      var changes = lens ? lens.changes[j] : link.changes;
      if (link.t === i && changes.length) {
        row("Changed from " + data.cards[link.s].actor, changes.join("; "));
      }
    });
  }
  function openCard(i) {
    state.selected = i;
    state.pinned = true;
    fill(i);
    show(data.cards[i].actor, cardNodes[i].g);
    cardNodes.forEach(function (n, j) { n.g.classList.toggle("selected", j === i); });
    highlight();
    document.getElementById("details-close").focus({ preventScroll: true });
  }
  function openLink(j) {
    var link = data.links[j], lens = state.lens;
    var changes = lens ? lens.changes[j] : link.changes;
    body.textContent = "";
    row("From", data.cards[link.s].actor + " (" + data.cards[link.s].id + ")");
    row("To", data.cards[link.t].actor + " (" + data.cards[link.t].id + ")");
    row("Relation", (link.relations.length ? link.relations : [link.relation]).join(", "));
    row("What changed", changes.length ? changes.join("\n") : "nothing: carried as it was");
    row("Note", link.note);
    state.pinned = true;
    show("Link", linkNodes[j].g);
    document.getElementById("details-close").focus({ preventScroll: true });
  }
  function openGroup(group, opener) {
    body.textContent = "";
    var of = data.cards[group.of];
    row("Repeating", of.actor + " (" + of.id + ")");
    var dd = html("dd", undefined, body);
    var list = html("ul", undefined, dd);
    group.members.forEach(function (m) {
      html("li", m.actor + " \u00b7 " + m.detail + (m.title ? " \u00b7 " + m.title : "") +
        " [" + m.id + "]", list);
    });
    if (group.count > group.members.length) {
      html("li", "and " + (group.count - group.members.length) + " more", list);
    }
    state.pinned = true;
    show(group.count + " faithful repeats", opener);
    document.getElementById("details-close").focus({ preventScroll: true });
  }
  function closeDetails() {
    if (details.hidden) { return; }
    details.hidden = true;
    state.pinned = false;
    var opener = state.opener;
    state.opener = null;
    if (opener && opener.focus) { opener.focus({ preventScroll: true }); }
  }
  document.getElementById("details-close").addEventListener("click", closeDetails);

  // ---------------------------------------------------------------- lineage
  // The rule of provenance.graph.lineage: every link, walked up from the report for
  // its sources and down for what drew on it; cycles are fine.
  var up = [], down = [];
  data.cards.forEach(function () { up.push([]); down.push([]); });
  data.links.forEach(function (link) { down[link.s].push(link.t); up[link.t].push(link.s); });
  function walk(start, step) {
    var seen = {}, todo = [start], out = [];
    while (todo.length) {
      var next = todo.pop();
      step[next].forEach(function (n) {
        if (!seen[n] && n !== start) { seen[n] = true; out.push(n); todo.push(n); }
      });
    }
    return out;
  }
  function lineage(i) { return { upstream: walk(i, up), downstream: walk(i, down) }; }
  function highlight() {
    var on = state.lineage && state.selected !== null;
    var keep = {};
    if (on) {
      var found = lineage(state.selected);
      keep[state.selected] = true;
      found.upstream.concat(found.downstream).forEach(function (n) { keep[n] = true; });
    }
    cardNodes.forEach(function (n, i) { n.g.classList.toggle("faded", on && !keep[i]); });
    linkNodes.forEach(function (n, j) {
      var link = data.links[j];
      n.g.classList.toggle("faded", on && !(keep[link.s] && keep[link.t]));
    });
  }
  lineageButton.addEventListener("click", function () {
    state.lineage = !state.lineage;
    lineageButton.setAttribute("aria-pressed", String(state.lineage));
    highlight();
  });

  // ---------------------------------------------------------------- claim lens
  data.lenses.forEach(function (lens, n) {
    var option = html("option", lens.text + " [" + lens.id + "]", lensSelect);
    option.value = String(n);
  });
  if (!data.lenses.length) { lensSelect.disabled = true; }
  function setLens(value) {
    var lens = value === "" ? null : data.lenses[Number(value)];
    state.lens = lens;
    data.cards.forEach(function (card, i) {
      paintCard(i, lens ? lens.looks[i] : card.look);
      var greyed = lens ? !lens.carries[i] : false;
      cardNodes[i].g.classList.toggle("greyed", greyed);
      cardNodes[i].g.setAttribute("data-carries", lens ? String(!greyed) : "");
      if (cardNodes[i].ring) {
        var ringOn = !lens || lens.marked === card.id;
        cardNodes[i].ring.forEach(function (r) { r.style.display = ringOn ? "" : "none"; });
      }
    });
    data.links.forEach(function (link, j) { paintLink(j, lens ? lens.linkLooks[j] : link.look); });
    caption(lens ? lens.caption : data.caption);
    legend(lens ? lens.legend : data.legend);
  }
  lensSelect.addEventListener("change", function () { setLens(lensSelect.value); });

  // ---------------------------------------------------------------- words
  function caption(lines) {
    setText(document.getElementById("caption"), lines.join("\n"));
  }
  function legend(entries) {
    var list = document.getElementById("legend");
    list.textContent = "";
    entries.forEach(function (entry) {
      var li = html("li", undefined, list);
      var sw = el("svg", { width: "28", height: "14", "aria-hidden": "true" }, li);
      if (entry.shape === "line") {
        el("line", { x1: 1, y1: 7, x2: 27, y2: 7, stroke: entry.color,
          "stroke-width": entry.width, "stroke-opacity": entry.alpha,
          "stroke-dasharray": entry.dash.length ? entry.dash.join(" ") : "none" }, sw);
      } else {
        el("rect", { x: 2, y: 2, width: 24, height: 10, rx: entry.shape === "ring" ? 5 : 2,
          fill: entry.face === "none" ? "none" : entry.face, stroke: entry.color,
          "stroke-width": Math.min(entry.width, 2.5),
          "stroke-dasharray": entry.dash.length ? entry.dash.join(" ") : "none" }, sw);
      }
      html("span", entry.label, li);
    });
  }
  setText(document.getElementById("account"), data.account);
  if (data.skeleton) {
    data.caption = data.caption.concat([data.skeleton.shown ? "Distortion skeleton: " +
      data.skeleton.shown.toLocaleString("en") + " of " + data.skeleton.of.toLocaleString("en") +
      " reports; faithful repeats are counted in groups (click one to list them)." :
      "The story's " + data.skeleton.of.toLocaleString("en") + " reports are more than " +
      "the page draws, and it has no distortion to draw as its skeleton."]);
  }
  caption(data.caption);
  legend(data.legend);

  var tbody = document.querySelector("#reports tbody");
  data.cards.forEach(function (card) {
    var tr = html("tr", undefined, tbody);
    html("td", card.actor, tr);
    html("td", card.date, tr);
    html("td", card.title, tr);
    html("td", card.tag || "", tr);
    urlLink(card.url, html("td", undefined, tr));
  });

  firstView();
  window.provenancePage = {
    lineage: function (id) {
      var i = data.cards.findIndex(function (c) { return c.id === id; });
      var found = lineage(i);
      function ids(list) { return list.map(function (n) { return data.cards[n].id; }).sort(); }
      return { upstream: ids(found.upstream), downstream: ids(found.downstream) };
    },
    open: function (id) {
      openCard(data.cards.findIndex(function (c) { return c.id === id; }));
    },
    setLens: function (claim) {
      var n = data.lenses.findIndex(function (l) { return l.id === claim; });
      lensSelect.value = n < 0 ? "" : String(n);
      setLens(lensSelect.value);
    }
  };
  window.provenancePage.readyAt = performance.now();
  document.documentElement.setAttribute("data-ready", "true");
})();
