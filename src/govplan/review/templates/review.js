"use strict";
(function () {
  var data = JSON.parse(document.getElementById("data").textContent);
  var text = document.getElementById("text");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#ledger tr[data-t]"));
  var fixes = {};  // key -> correction
  (data.corrections || []).forEach(function (c) { fixes[keyOf(c)] = c; });

  function keyOf(c) { return c.task_id ? "t:" + c.task_id : "h:" + c.line; }
  function $(sel, root) { return (root || document).querySelector(sel); }
  function all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function line(n) { return document.getElementById("L" + n); }
  function lineText(n) { var l = line(n); return l ? $(".x", l).textContent : ""; }

  function tab(name) {
    all(".tabs button").forEach(function (b) { b.classList.toggle("on", b.dataset.tab === name); });
    all(".pane").forEach(function (p) { p.classList.toggle("on", p.id === name); });
  }
  all(".tabs button").forEach(function (b) { b.addEventListener("click", function () { tab(b.dataset.tab); }); });

  function select(t, from) {
    all(".l.sel, tr.sel, li.sel, g.sel").forEach(function (e) { e.classList.remove("sel"); });
    var task = data.tasks[t];
    if (!task) { return; }
    for (var n = task.first; n <= task.last; n++) { var l = line(n); if (l) { l.classList.add("sel"); } }
    var row = rows[t]; row.classList.add("sel");
    all('#outline li[data-t="' + t + '"]').forEach(function (e) { e.classList.add("sel"); });
    all("g.dot").forEach(function (g) { if (g.dataset.t.split(" ").indexOf(String(t)) >= 0) { g.classList.add("sel"); } });
    if (from !== "text") { line(task.first).scrollIntoView({block: "center"}); }
    if (from !== "ledger") { row.scrollIntoView({block: "nearest"}); }
    document.body.dataset.selected = String(t);
  }
  function go(n) {
    var l = line(n); if (!l) { return; }
    if (l.dataset.t !== undefined) { select(+l.dataset.t, "outline"); return; }
    all(".l.sel").forEach(function (e) { e.classList.remove("sel"); });
    l.classList.add("sel"); l.scrollIntoView({block: "center"});
  }
  rows.forEach(function (r) {
    r.addEventListener("click", function (e) { if (!e.target.classList.contains("edit")) { select(+r.dataset.t, "ledger"); } });
  });
  all("#outline li[data-line]").forEach(function (li) { li.addEventListener("click", function () { go(+li.dataset.line); }); });
  all("g.dot").forEach(function (g) {
    g.addEventListener("click", function () { select(+g.dataset.t.split(" ")[0], "timeline"); });
  });
  text.addEventListener("click", function (e) {
    var l = e.target.closest(".l"); if (!l) { return; }
    if (e.target.classList.contains("n")) { toggleHeading(l); return; }
    if (l.dataset.t !== undefined) { tab("ledger"); select(+l.dataset.t, "text"); }
  });

  // filter by unit
  var unit = document.getElementById("unit");
  unit.addEventListener("change", function () {
    var u = unit.value;
    var keep = data.tasks.map(function (t) { return !u || t.units.indexOf(u) >= 0; });
    rows.forEach(function (r, i) { r.classList.toggle("hide", !keep[i]); });
    all(".l").forEach(function (l) { l.classList.toggle("dim", !!u && (l.dataset.t === undefined || !keep[+l.dataset.t])); });
    all("#outline li[data-line]").forEach(function (li) { li.classList.toggle("hide", !!u && (li.dataset.t === undefined || !keep[+li.dataset.t])); });
    all("g.dot").forEach(function (g) {
      g.classList.toggle("hide", !!u && !g.dataset.t.split(" ").some(function (t) { return keep[+t]; }));
    });
  });

  // search
  var q = document.getElementById("q"), hits = [], at = -1;
  q.addEventListener("input", function () {
    var s = q.value.trim();
    hits = [];
    all(".l").forEach(function (l) {
      var hit = !!s && $(".x", l).textContent.indexOf(s) >= 0;
      l.classList.toggle("hit", hit); if (hit) { hits.push(l); }
    });
    at = -1;
    document.getElementById("hits").textContent = s ? hits.length + " 处" : "";
  });
  q.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && hits.length) { at = (at + 1) % hits.length; hits[at].scrollIntoView({block: "center"}); e.preventDefault(); }
  });

  // corrections
  var form = document.getElementById("fix"), editing = null;
  function split(s) { return s.split(/[、,，;；]/).map(function (x) { return x.trim(); }).filter(Boolean); }
  all("#ledger .edit").forEach(function (b) {
    b.addEventListener("click", function () {
      var t = +b.closest("tr").dataset.t, task = data.tasks[t], c = fixes["t:" + task.id] || {};
      editing = t;
      document.getElementById("fixtask").textContent = task.number + ". " + task.title;
      form.lead.value = (c.lead_units || task.lead).join("、");
      form.resp.value = (c.responsible_units || task.resp).join("、");
      form.deadline.value = c.deadline !== undefined && c.deadline !== null ? c.deadline : task.deadline;
      form.note.value = c.note || "";
      form.hidden = false; form.lead.focus({preventScroll: true});
    });
  });
  document.getElementById("fixcancel").addEventListener("click", function () { form.hidden = true; editing = null; });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var task = data.tasks[editing];
    var c = {line: task.line, text: task.text, task_id: task.id};
    var lead = split(form.lead.value), resp = split(form.resp.value), dl = form.deadline.value.trim();
    if (lead.join("、") !== task.lead.join("、")) { c.lead_units = lead; }
    if (resp.join("、") !== task.resp.join("、")) { c.responsible_units = resp; }
    if (dl !== task.deadline) { c.deadline = dl; }
    if (form.note.value.trim()) { c.note = form.note.value.trim(); }
    if (c.lead_units || c.responsible_units || c.deadline !== undefined || c.note) { fixes["t:" + task.id] = c; }
    else { delete fixes["t:" + task.id]; }
    var row = rows[editing];
    $(".lead", row).textContent = (c.lead_units || task.lead).join("、");
    $(".resp", row).textContent = (c.responsible_units || task.resp).join("、");
    $(".dl", row).textContent = c.deadline !== undefined ? c.deadline : task.deadline;
    form.hidden = true; editing = null; shown();
  });
  function toggleHeading(l) {
    var n = +l.id.slice(1), key = "h:" + n;
    if (fixes[key]) { delete fixes[key]; }
    else { fixes[key] = {line: n, text: lineText(n), heading: !l.classList.contains("h")}; }
    shown();
  }
  function shown() {
    var list = document.getElementById("fixlist"), keys = Object.keys(fixes);
    list.textContent = "";
    all(".l.fixed, tr.fixed").forEach(function (e) { e.classList.remove("fixed"); });
    keys.forEach(function (k) {
      var c = fixes[k], li = document.createElement("li"), x = document.createElement("button");
      if (c.task_id) {
        var i = data.tasks.findIndex(function (t) { return t.id === c.task_id; });
        if (i >= 0) { rows[i].classList.add("fixed"); }
        li.textContent = "第" + c.line + "行 任务 " + c.task_id + "：" + [
          c.lead_units ? "牵头 " + (c.lead_units.join("、") || "（无）") : "",
          c.responsible_units ? "责任 " + (c.responsible_units.join("、") || "（无）") : "",
          c.deadline !== undefined && c.deadline !== null ? "时限 " + (c.deadline || "（无）") : "",
          c.note ? "备注 " + c.note : ""].filter(Boolean).join("；");
      } else {
        if (line(c.line)) { line(c.line).classList.add("fixed"); }
        li.textContent = "第" + c.line + "行 " + (c.heading ? "设为标题" : "不是标题");
      }
      x.textContent = "撤销"; x.type = "button";
      x.addEventListener("click", function () { delete fixes[k]; shown(); });
      li.appendChild(x); list.appendChild(li);
    });
    document.getElementById("fixcount").textContent = String(keys.length);
  }
  document.getElementById("download").addEventListener("click", function () {
    var body = {govplan_corrections: 1, source: data.source, corrections: Object.keys(fixes).map(function (k) { return fixes[k]; })};
    var blob = new Blob([JSON.stringify(body, null, 2) + "\n"], {type: "application/json"});
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob); a.download = data.stem + ".corrections.json";
    document.body.appendChild(a); a.click(); a.remove();
  });
  shown();
  document.body.dataset.ready = "1";
  document.body.dataset.readyMs = String(Math.round(performance.now()));
})();
