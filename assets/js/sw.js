// The service worker (issue 17, the note offline), served at /sw.js so its scope is the
// whole site. The server puts `VERSION` and `SHELL` (the app's CSS, scripts and icon at
// their hashed URLs) above this text.
//
// It keeps the app shell, answers /assets/ from it, and for the pages offline.js keeps
// (the provider's home page and the note pages of the visits listed there, in the
// "hearth-notes" cache) goes to the network first, refreshing the kept copy, and falls back
// to it when there is none. Other pages and every POST go to the network untouched.
"use strict";
var SHELL_CACHE = "hearth-shell-" + VERSION, NOTES = "hearth-notes";

self.addEventListener("install", function (e) {
  e.waitUntil(caches.open(SHELL_CACHE).then(function (c) { return c.addAll(SHELL); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) {
      return k.indexOf("hearth-shell-") === 0 && k !== SHELL_CACHE;
    }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function notKept() {
  var html = '<!doctype html><html lang="en"><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Offline · Hearth</title>' +
    "<h1>No network</h1><p>This page is not kept on this phone. Open the home page to see your next visits.</p>" +
    '<p><a href="/">Home</a></p></html>';
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

self.addEventListener("fetch", function (e) {
  var req = e.request, url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/assets/") === 0) {
    e.respondWith(caches.match(req).then(function (hit) { return hit || fetch(req); }));
    return;
  }
  if (req.mode !== "navigate" || !(url.pathname === "/" || /^\/visits\/\d+$/.test(url.pathname))) return;
  e.respondWith(caches.open(NOTES).then(function (c) {
    return c.match(url.pathname).then(function (kept) {
      return fetch(req).then(function (res) {
        if (kept && res.ok && res.type === "basic" && !res.redirected) c.put(url.pathname, res.clone());
        return res;
      }, function () { return kept || notKept(); });
    });
  }));
});
