// Thông Suốt's service worker (core/offline.py renders it at /sw.js). Version {{ version }}.
// Static files: from the cache first (their names change with their content in production).
// Pages: from the network first; the shell pages and the field forms a commune keeps are stored
// as they come, and answer when the network does not. The API and other pages are never stored.
"use strict";
var VERSION = "{{ version }}";
var STATIC_CACHE = "ts-static-" + VERSION;
var PAGES_CACHE = "ts-pages";
var PRECACHE = {{ precache|safe }};
var SHELL = {{ shell|safe }};
var OFFLINE_URL = "{{ offline_url }}";
var STATIC_URL = "{{ static_url }}";

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(STATIC_CACHE).then(function (cache) {
    var statics = PRECACHE.filter(function (u) { return SHELL.indexOf(u) < 0; });
    return cache.addAll(statics).then(function () {
      return caches.open(PAGES_CACHE).then(function (pages) { return pages.addAll(SHELL); });
    });
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf("ts-static-") === 0 && n !== STATIC_CACHE; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

function pageKey(url) {
  var u = new URL(url);
  return u.origin + u.pathname;
}

function kept(url) {
  return caches.open(PAGES_CACHE).then(function (cache) { return cache.match(pageKey(url), {ignoreVary: true}); });
}

function storePage(url, response) {
  return caches.open(PAGES_CACHE).then(function (cache) { return cache.put(pageKey(url), response); });
}

function networkFirst(request) {
  return fetch(request).then(function (response) {
    // Refresh a kept page (a shell page, a field form) with what the server answered.
    var final = response.url || request.url;
    if (response.ok && !response.redirected && response.type === "basic") {
      // Cloned now, before the page reads the body: a clone made later finds it used and fails.
      var copy = response.clone();
      kept(final).then(function (old) {
        if (old) { return storePage(final, copy); }
        // Not a kept page: let go of the copy, or the browser holds its whole body for nothing.
        if (copy.body) { return copy.body.cancel(); }
      });
    }
    return response;
  }).catch(function () {
    return kept(request.url).then(function (page) {
      return page || kept(self.location.origin + OFFLINE_URL);
    }).then(function (page) {
      return page || Response.error();
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.indexOf("/api/") === 0) { return; }
  if (url.pathname.indexOf(STATIC_URL) === 0) {
    event.respondWith(caches.match(request, {ignoreSearch: true}).then(function (hit) {
      return hit || fetch(request);
    }));
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(networkFirst(request));
  }
});

// The pages a commune keeps for offline use (its field forms), sent by site.js from its home page;
// "forget" on signing out drops every kept page.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "keep" && Array.isArray(data.urls)) {
    event.waitUntil(caches.open(PAGES_CACHE).then(function (cache) {
      return Promise.all(data.urls.map(function (u) {
        var key = pageKey(new URL(u, self.location.origin).href);
        return cache.match(key, {ignoreVary: true}).then(function (hit) {
          if (hit && !data.refresh) { return null; }
          return fetch(key, {credentials: "same-origin"}).then(function (response) {
            if (response.ok && !response.redirected) { return cache.put(key, response); }
            return null;
          }).catch(function () { return null; });
        });
      }));
    }));
  } else if (data.type === "forget") {
    // Signing out: the kept pages show this user's name and work; the static files stay.
    event.waitUntil(caches.delete(PAGES_CACHE));
  }
});
