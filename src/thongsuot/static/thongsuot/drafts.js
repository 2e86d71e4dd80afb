// Thông Suốt: nothing typed is lost (docs/offline.md). Every form works without this file.
// - Installs the service worker (/sw.js) and tells it which field forms to keep for offline use.
// - A form marked data-draft is saved in IndexedDB as it is typed, restored after a reload, a crash
//   or a failed submit; submitted offline it is queued and sent when the line returns (on "online",
//   then retried with backoff). The draft's id is the form's resubmission key, so a resend returns
//   the first record. One draft is edited and sent by one tab at a time (Web Locks).
// - Its texts come translated from the page (#offline-texts), never from this file.
(function () {
  "use strict";
  var body = document.body;
  if (!body) { return; }
  var USER = body.getAttribute("data-user") || "";
  // A shell page kept by the worker may have been stored before sign-in: remember who is signed in.
  try {
    if (USER) { localStorage.setItem("thongsuot-user", USER); }
    else if (document.querySelector("form[action$='/dang-nhap/']")) { localStorage.removeItem("thongsuot-user"); }
    else { USER = localStorage.getItem("thongsuot-user") || ""; }
  } catch (e) { /* storage refused */ }
  var textsEl = document.getElementById("offline-texts");
  var T = textsEl ? textsEl.dataset : {};
  var KEY = "submission_key";
  var SKIP = {csrfmiddlewaretoken: 1, submission_key: 1, version: 1, form: 1};
  var STATES = {editing: "stateEditing", queued: "stateQueued", sending: "stateSending", sent: "stateSent",
                conflict: "stateConflict", rejected: "stateRejected"};
  var channel = window.BroadcastChannel ? new BroadcastChannel("thongsuot-drafts") : null;
  var mine = new Set();          // drafts this tab holds the edit lock of
  var forms = [];                 // {form, draft} bound on this page

  function t(name, params) {
    // A {% translate %} text with a percent sign comes doubled ("%%(max)s").
    var text = (T[name] || "").split("%%").join("%");
    Object.keys(params || {}).forEach(function (k) { text = text.split("%(" + k + ")s").join(params[k]); });
    return text;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { node.appendChild(c); } });
    return node;
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // ---- The service worker -------------------------------------------------------------------
  if ("serviceWorker" in navigator && body.getAttribute("data-sw")) {
    navigator.serviceWorker.register(body.getAttribute("data-sw"), {scope: "/"}).catch(function () {});
    var keep = document.querySelector("[data-keep-offline]");
    var signedIn = body.getAttribute("data-user") || "anonymous";
    navigator.serviceWorker.ready.then(function (reg) {
      if (!reg.active) { return; }
      if (keep) {
        var urls = keep.getAttribute("data-keep-offline").split(" ").filter(Boolean);
        reg.active.postMessage({type: "keep", urls: ["/"].concat(urls)});
      }
      // The shell pages show who is signed in: store them again once a session after it changes.
      try {
        if (sessionStorage.getItem("thongsuot-shell") === signedIn) { return; }
        sessionStorage.setItem("thongsuot-shell", signedIn);
      } catch (e) { /* storage refused */ }
      reg.active.postMessage({type: "keep", refresh: true, urls: [body.getAttribute("data-drafts-url"),
                                                                   body.getAttribute("data-offline-url")]});
    });
    // Signing out drops the kept pages: a commune office shares its computers.
    document.querySelectorAll("form[action$='/dang-xuat/']").forEach(function (f) {
      f.addEventListener("submit", function () {
        try { localStorage.removeItem("thongsuot-user"); sessionStorage.removeItem("thongsuot-shell"); } catch (e) { /* refused */ }
        if (navigator.serviceWorker.controller) { navigator.serviceWorker.controller.postMessage({type: "forget"}); }
        if (window.caches) { caches.delete("ts-pages"); }
      });
    });
  }

  if (!window.indexedDB || !window.fetch || !USER) { return; }

  // ---- IndexedDB ----------------------------------------------------------------------------
  var opened = null;
  function db() {
    opened = opened || new Promise(function (resolve, reject) {
      var request = indexedDB.open("thongsuot-drafts", 1);
      request.onupgradeneeded = function () { request.result.createObjectStore("drafts", {keyPath: "id"}); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
    return opened;
  }
  function run(mode, work) {
    return db().then(function (d) {
      return new Promise(function (resolve, reject) {
        var tx = d.transaction("drafts", mode);
        var request = work(tx.objectStore("drafts"));
        tx.oncomplete = function () { resolve(request ? request.result : undefined); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }
  function getDraft(id) { return run("readonly", function (s) { return s.get(id); }); }
  function putDraft(draft) {
    draft.updated = Date.now();
    return run("readwrite", function (s) { return s.put(draft); }).then(function () {
      if (channel) { channel.postMessage("changed"); }
      return draft;
    });
  }
  function deleteDraft(id) {
    return run("readwrite", function (s) { return s.delete(id); }).then(function () {
      if (channel) { channel.postMessage("changed"); }
    });
  }
  function myDrafts() {
    return run("readonly", function (s) { return s.getAll(); }).then(function (all) {
      return (all || []).filter(function (d) { return d.user === USER; })
        .sort(function (a, b) { return b.updated - a.updated; });
    });
  }

  // ---- Locks: one tab edits and sends a draft ---------------------------------------------
  function holdEditLock(id) {
    return new Promise(function (resolve) {
      if (!navigator.locks) { resolve(true); return; }
      navigator.locks.request("draft-edit-" + id, {ifAvailable: true}, function (lock) {
        if (!lock) { resolve(false); return null; }
        mine.add(id);
        resolve(true);
        return new Promise(function () {});   // held while this page lives
      });
    });
  }
  function editedElsewhere(id) {
    if (!navigator.locks || !navigator.locks.query || mine.has(id)) { return Promise.resolve(false); }
    return navigator.locks.query().then(function (state) {
      return (state.held || []).some(function (l) { return l.name === "draft-edit-" + id; });
    });
  }
  function withSendLock(id, work, wait) {
    if (!navigator.locks) { return work(); }
    // A submit waits for a send already under way (then finds the draft sent); a background round skips it.
    return navigator.locks.request("draft-send-" + id, wait ? {} : {ifAvailable: true}, function (lock) {
      return lock ? work() : {state: "busy"};
    });
  }

  // ---- Forms ---------------------------------------------------------------------------------
  function pagePath() { return location.pathname; }
  function plainAction(form) {
    var url = new URL(form.getAttribute("action") || location.href, location.href);
    url.hash = ""; url.searchParams.delete("nhap");
    return url.href;
  }
  function labelsOf(form) {
    var labels = {};
    form.querySelectorAll("label[for]").forEach(function (l) {
      var input = document.getElementById(l.getAttribute("for"));
      if (input && input.name) { labels[input.name] = l.textContent.replace("*", "").trim(); }
    });
    return labels;
  }
  function fieldsOf(form) {
    var out = [];
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") { return; }
      if (typeof value !== "string" && !(value && value.size)) { return; }   // an empty file input
      out.push([name, value]);
    });
    return out;
  }
  function textOf(fields, form) {
    // What the user typed, as text pairs (for the drafts list and the equal-content check).
    return fields.filter(function (f) { return !SKIP[f[0]] && typeof f[1] === "string" && f[1] !== ""; })
      .map(function (f) {
        var shown = f[1];
        var select = form && form.querySelector("select[name='" + f[0] + "']");
        if (select) {
          var option = Array.prototype.find.call(select.options, function (o) { return o.value === f[1]; });
          if (option) { shown = option.textContent.trim(); }
        }
        return [f[0], shown];
      });
  }
  function fill(form, fields, keepVersion) {
    var byName = {};
    fields.forEach(function (f) { (byName[f[0]] = byName[f[0]] || []).push(f[1]); });
    Array.prototype.forEach.call(form.elements, function (input) {
      var name = input.name;
      if (!name || name === "csrfmiddlewaretoken" || name === KEY || input.type === "file") { return; }
      if (name === "version" && !keepVersion) { return; }
      if (!(name in byName)) { if (input.type === "checkbox") { input.checked = false; } return; }
      var values = byName[name].filter(function (v) { return typeof v === "string"; });
      if (input.type === "checkbox" || input.type === "radio") { input.checked = values.indexOf(input.value) >= 0; }
      else if (input.multiple) { Array.prototype.forEach.call(input.options, function (o) { o.selected = values.indexOf(o.value) >= 0; }); }
      else { input.value = values[0] || ""; }
    });
  }
  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function notice(form, kind, parts) {
    var old = form.parentNode.querySelector(".draft-notice");
    if (old) { old.remove(); }
    var box = el("div", {"class": "msg msg-" + kind + " draft-notice", role: "status"}, parts);
    form.parentNode.insertBefore(box, form);
    return box;
  }

  // Offline checks: the constraint attributes Django renders (required, maxlength, min/max, dates).
  function validate(form) {
    form.querySelectorAll(".draft-error").forEach(function (n) { n.remove(); });
    form.querySelectorAll(".has-error.draft-flag").forEach(function (n) { n.classList.remove("has-error", "draft-flag"); });
    var problems = [];
    Array.prototype.forEach.call(form.elements, function (input) {
      if (!input.willValidate || input.validity.valid) { return; }
      var v = input.validity, message;
      if (v.valueMissing) { message = t("required"); }
      else if (v.tooLong) { message = t("tooLong", {max: input.maxLength}); }
      else if (v.tooShort) { message = t("tooShort", {min: input.minLength}); }
      else if (v.rangeUnderflow || v.rangeOverflow) { message = t("range", {min: input.min || "…", max: input.max || "…"}); }
      else if (v.badInput && /date/.test(input.type)) { message = t("badDate"); }
      else { message = t("badValue"); }
      var field = input.closest(".field");
      if (field) {
        if (!field.classList.contains("has-error")) { field.classList.add("has-error", "draft-flag"); }
        field.insertBefore(el("p", {"class": "field-error draft-error", text: message}), input);
      }
      var label = field && field.querySelector("label");
      problems.push([input, (label ? label.textContent.replace("*", "").trim() + ": " : "") + message]);
    });
    if (!problems.length) { return true; }
    var list = el("ul", {}, problems.map(function (p) {
      return el("li", {}, [el("a", {href: "#" + p[0].id, text: p[1]})]);
    }));
    var summary = el("div", {"class": "error-summary draft-error", role: "alert", tabindex: "-1"},
                     [el("h2", {text: t("fix")}), list]);
    form.insertBefore(summary, form.firstChild);
    summary.focus();
    return false;
  }

  function sameContent(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function bind(form) {
    var keyInput = form.querySelector("input[name=" + KEY + "]");
    var wanted = new URLSearchParams(location.search).get("nhap");
    var current = textOf(fieldsOf(form));
    var draft = null, restored = false;
    var find = wanted ? getDraft(wanted) : Promise.resolve(null);
    return find.then(function (d) {
      if (d && d.user === USER) { draft = d; restored = true; return null; }
      // Back or reload: the browser refilled the key with the first submission's (a draft's id).
      return keyInput && keyInput.value ? getDraft(keyInput.value) : null;
    }).then(function (d) {
      if (!draft && d && d.user === USER) { draft = d; }
      if (draft) { return null; }
      return myDrafts().then(function (all) {
        var here = all.filter(function (x) { return x.page === pagePath(); });
        // The same form refilled by the browser after it was sent: the same submission, the same key.
        draft = here.filter(function (x) {
          return x.state === "sent" && current.length && sameContent(textOf(x.fields), current) &&
            Date.now() - x.updated < 30 * 60 * 1000;
        })[0] || null;
        // A crash, a closed tab, a failed submit: the newest draft of this page not sent yet.
        if (!draft) {
          draft = here.filter(function (x) { return x.state !== "sent"; })[0] || null;
          restored = !!draft;
        }
      });
    }).then(function () {
      return draft ? holdEditLock(draft.id) : false;
    }).then(function (locked) {
      if (draft && !locked) { notice(form, "warning", [document.createTextNode(t("otherTab"))]); draft = null; restored = false; }
      if (!draft) {
        var anchor = form.closest("[id]");
        draft = {id: uuid(), user: USER, page: pagePath(), anchor: anchor && anchor !== body ? anchor.id : "",
                 action: plainAction(form), state: "editing", fields: [],
                 title: (document.querySelector("main h1") || {}).textContent || document.title, isNew: true};
        return holdEditLock(draft.id);
      }
      return true;
    }).then(function () {
      if (keyInput) { keyInput.value = draft.id; }
      if (restored && draft.fields.length) { fill(form, draft.fields, draft.state !== "conflict"); }
      var entry = {form: form, draft: draft};
      forms.push(entry);
      showState(entry, restored);
      var timer = null;
      var save = function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          var d = entry.draft;
          d.fields = fieldsOf(form);
          d.labels = labelsOf(form);
          d.shown = textOf(d.fields, form);
          d.title = (form.closest("section") && form.closest("section").querySelector("h1,h3") || {}).textContent || d.title;
          if (d.state === "rejected" || d.state === "conflict") { d.state = "editing"; }
          delete d.isNew;
          putDraft(d);
        }, 400);
      };
      form.addEventListener("input", save);
      form.addEventListener("change", save);
      form.addEventListener("submit", function (event) { onSubmit(event, entry); });
      // Typed while the drafts were being read (a fast hand, a slow phone): keep it now, not at the next key.
      if (!restored && !sameContent(textOf(fieldsOf(form)), current)) { save(); }
      form.setAttribute("data-draft-bound", "");
    });
  }

  function showState(entry, restored) {
    var d = entry.draft, form = entry.form;
    if (d.state === "sent") {
      notice(form, "info", [document.createTextNode(t("sentBefore") + " "),
                            d.record ? el("a", {href: d.record, text: t("record")}) : null]);
    } else if (d.state === "queued") {
      notice(form, "warning", [document.createTextNode(t("queued") + " "), linkToDrafts()]);
    } else if (d.state === "rejected" || d.state === "conflict") {
      notice(form, "error", [document.createTextNode(d.message || "")]);
    } else if (restored) {
      var discard = el("button", {type: "button", "class": "linklike-dark", text: t("discard")});
      discard.addEventListener("click", function () {
        deleteDraft(d.id).then(function () { location.replace(location.pathname + location.hash); });
      });
      notice(form, "info", [document.createTextNode(t("restored") + " "), discard]);
    }
  }

  function linkToDrafts() {
    return el("a", {href: body.getAttribute("data-drafts-url") || "/ban-nhap/", text: t("drafts")});
  }

  function onSubmit(event, entry) {
    event.preventDefault();
    var form = entry.form, d = entry.draft;
    if (!validate(form)) {
      // site.js disables a submitted form's buttons against double sends: nothing was sent, so undo it.
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = false; });
      }, 50);
      return;
    }
    d.fields = fieldsOf(form);
    d.labels = labelsOf(form);
    d.shown = textOf(d.fields, form);
    d.csrf = csrfToken();
    if (d.state !== "sent") { d.state = "queued"; }
    delete d.isNew;
    putDraft(d).then(function () {
      if (!navigator.onLine) {
        notice(form, "warning", [document.createTextNode(t("queued") + " "), linkToDrafts()]);
        window.setTimeout(function () {
          form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = false; });
        }, 50);
        return;
      }
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
      send(d, true).then(function (outcome) { afterSubmit(entry, outcome); });
    });
  }

  function afterSubmit(entry, outcome) {
    var form = entry.form;
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = false; });
    if (outcome.state === "sent") {
      try { sessionStorage.setItem("thongsuot-flash", outcome.flash || ""); } catch (e) { /* private mode */ }
      location.assign(outcome.url);
    } else if (outcome.doc && (outcome.state === "rejected" || outcome.state === "conflict")) {
      // The server's answer, against the draft: its form with the errors, and theirs beside ours.
      var theirs = outcome.doc.querySelector("form[data-draft]");
      if (theirs) { form.innerHTML = theirs.innerHTML; }
      var key = form.querySelector("input[name=" + KEY + "]");
      if (key) { key.value = entry.draft.id; }
      var server = outcome.doc.querySelector("[data-server-version]");
      var old = document.querySelector("[data-server-version]");
      if (old) { old.remove(); }
      if (server) { form.parentNode.insertBefore(document.importNode(server, true), form); }
      notice(form, "error", [document.createTextNode(entry.draft.message || "")]);
      var summary = form.querySelector(".error-summary");
      if (summary) { summary.focus(); }
    } else {
      notice(form, "warning", [document.createTextNode(outcome.message || t("failed")), document.createTextNode(" "),
                                linkToDrafts()]);
    }
  }

  function textIn(doc, selector) {
    var node = doc.querySelector(selector);
    return node ? node.textContent.replace(/\s+/g, " ").trim() : "";
  }

  // Send one draft: its id as the resubmission key; the answer decides its state.
  function send(draft, interactive) {
    return withSendLock(draft.id, function () {
      return getDraft(draft.id).then(function (stored) {
        var d = stored || draft;
        if (!interactive && d.state !== "queued") { return {state: d.state}; }
        if (interactive && d.state === "sent" && d.record && d.fields.length === draft.fields.length &&
            JSON.stringify(textOf(d.fields)) === JSON.stringify(textOf(draft.fields))) {
          return {state: "sent", url: d.record, flash: ""};     // sent meanwhile by the background round
        }
        var data = new FormData();
        d.fields.forEach(function (f) { data.append(f[0], f[1]); });
        data.set("csrfmiddlewaretoken", csrfToken() || d.csrf || "");
        if (d.fields.some(function (f) { return f[0] === KEY; })) { data.set(KEY, d.id); }
        return fetch(d.action, {method: "POST", body: data, credentials: "same-origin", redirect: "follow"})
          .then(function (response) {
            return response.text().then(function (html) {
              var doc = new DOMParser().parseFromString(html, "text/html");
              var signIn = /\/dang-nhap\//.test(new URL(response.url).pathname);
              var outcome = {doc: doc};
              if (signIn) {
                d.state = "queued"; d.message = t("signIn");
              } else if (response.redirected && response.ok) {
                d.state = "sent"; d.record = response.url; d.message = "";
                outcome.url = response.url; outcome.flash = textIn(doc, ".messages");
              } else if (response.status === 409 || response.status === 400 || response.status === 403) {
                d.state = response.status === 409 ? "conflict" : "rejected";
                d.message = textIn(doc, ".error-summary") || textIn(doc, "main .msg-error") || textIn(doc, "main");
                d.server = Array.prototype.map.call(doc.querySelectorAll("[data-server-version] p"), function (p) {
                  return p.textContent.trim();
                }).join("\n");
              } else {
                return retryLater(d, t("failed"));
              }
              return putDraft(d).then(function () { outcome.state = d.state; outcome.message = d.message; return outcome; });
            });
          }, function () { return retryLater(d, t("failed")); });
      });
    }, interactive);
  }

  function retryLater(d, message) {
    d.attempts = (d.attempts || 0) + 1;
    d.state = "queued";
    d.message = message;
    // 2 s, 4 s, 8 s … at most 5 minutes, a little jitter so tabs and devices spread out.
    d.nextTry = Date.now() + Math.min(300000, 1000 * Math.pow(2, d.attempts)) + Math.floor(Math.random() * 1000);
    return putDraft(d).then(function () { return {state: "queued", message: message}; });
  }

  // ---- Sync when the link returns ------------------------------------------------------------
  var syncTimer = null, syncing = false;
  function syncAll(force) {
    if (syncing || !navigator.onLine) { return Promise.resolve(); }
    syncing = true;
    return myDrafts().then(function (all) {
      var due = all.filter(function (d) { return d.state === "queued" && (force || !d.nextTry || d.nextTry <= Date.now()); });
      return due.reduce(function (chain, d) {
        return chain.then(function () {
          return editedElsewhere(d.id).then(function (busy) { return busy ? null : send(d, false); });
        });
      }, Promise.resolve()).then(function () { return myDrafts(); });
    }).then(function (all) {
      syncing = false;
      forms.forEach(function (entry) {
        getDraft(entry.draft.id).then(function (d) {
          if (d && d.state !== entry.draft.state) { entry.draft = d; showState(entry, false); }
        });
      });
      renderList();
      var next = all.filter(function (d) { return d.state === "queued" && d.nextTry; })
        .reduce(function (m, d) { return Math.min(m, d.nextTry); }, Infinity);
      window.clearTimeout(syncTimer);
      if (next < Infinity) { syncTimer = window.setTimeout(syncAll, Math.max(1000, next - Date.now())); }
    }, function () { syncing = false; });
  }

  // ---- The drafts page ----------------------------------------------------------------------
  function renderList() {
    var host = document.querySelector("[data-drafts-list]");
    if (!host) { return; }
    myDrafts().then(function (all) {
      all = all.filter(function (d) { return !d.isNew && d.fields && d.fields.length; });
      host.textContent = "";
      var status = document.getElementById("sync-status");
      if (status) { status.textContent = navigator.onLine ? "" : t("offlineNow"); }
      if (!all.length) { host.appendChild(el("p", {"class": "empty", text: t("empty")})); return; }
      all.forEach(function (d) { host.appendChild(card(d)); });
    });
  }

  function pairs(d) {
    return el("dl", {"class": "facts"}, [].concat.apply([], (d.shown || textOf(d.fields)).map(function (f) {
      var labels = d.labels;
      return [el("dt", {text: (labels && labels[f[0]]) || f[0]}), el("dd", {"class": "pre", text: f[1]})];
    })));
  }

  function card(d) {
    var badgeKind = {sent: "ok", queued: "warn", conflict: "bad", rejected: "bad", editing: "info"}[d.state] || "muted";
    var when = new Date(d.updated).toLocaleString(document.documentElement.lang || "vi");
    var head = el("h2", {}, [document.createTextNode(d.title + " "),
                             el("span", {"class": "badge " + badgeKind, "data-state": d.state, text: t(STATES[d.state])})]);
    var parts = [head, el("p", {"class": "muted", text: when})];
    if (d.message && d.state !== "sent") { parts.push(el("p", {"class": "msg msg-" + (d.state === "queued" ? "warning" : "error"), text: d.message})); }
    if (d.state === "conflict" && d.server) {
      parts.push(el("div", {"class": "versions"}, [
        el("section", {}, [el("h3", {text: t("yours")}), pairs(d)]),
        el("section", {}, [el("h3", {text: t("server")}), el("p", {"class": "pre", text: d.server})])]));
    } else {
      parts.push(pairs(d));
    }
    var actions = el("p", {"class": "draft-actions"});
    if (d.state === "sent" && d.record) { actions.appendChild(el("a", {"class": "button", href: d.record, text: t("record")})); }
    if (d.state !== "sent") {
      actions.appendChild(el("a", {"class": "button", href: d.page + "?nhap=" + encodeURIComponent(d.id) +
                                   (d.anchor ? "#" + d.anchor : ""), text: t("continue")}));
    }
    if (d.state === "queued" && navigator.onLine) {
      var now = el("button", {type: "button", text: t("sendNow")});
      now.addEventListener("click", function () { d.nextTry = 0; putDraft(d).then(function () { syncAll(true); }); });
      actions.appendChild(now);
    }
    var drop = el("button", {type: "button", "class": "secondary", text: t("delete")});
    drop.addEventListener("click", function () { deleteDraft(d.id).then(renderList); });
    actions.appendChild(drop);
    parts.push(actions);
    return el("article", {"class": "card draft", "data-draft-id": d.id, "data-state": d.state}, parts);
  }

  // ---- Start --------------------------------------------------------------------------------
  function start() {
    try {
      var flash = sessionStorage.getItem("thongsuot-flash");
      if (flash) {
        sessionStorage.removeItem("thongsuot-flash");
        var main = document.getElementById("main");
        if (main && !main.querySelector(".messages")) {
          main.insertBefore(el("ul", {"class": "messages", role: "status"}, [el("li", {"class": "msg msg-success", text: flash})]), main.firstChild);
        }
      }
    } catch (e) { /* private mode */ }
    var bound = Array.prototype.map.call(document.querySelectorAll("form[data-draft]"), bind);
    Promise.all(bound).then(function () { renderList(); return syncAll(); });
    window.addEventListener("online", function () { syncAll(true); });
    window.addEventListener("offline", renderList);
    if (channel) { channel.onmessage = function () { renderList(); }; }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
