// The visit note offline (issue 17). Progressive enhancement: without this script the note
// form posts as it always did, and nothing is kept on the phone.
//
// - Registers the service worker (/sw.js): it keeps the app's CSS and scripts, the home page
//   and the note pages of the visits listed there, for when there is no network.
// - On the home page, keeps the note pages of the listed visits and drops any others.
// - The note form: each send gets a fresh key (submission_key), so a note sent twice is
//   saved once. With no network the form is kept in IndexedDB instead, and a notice says so.
// - When the network returns (`online`, or the next page load) a kept note is sent as the
//   form would have been, and the page that answers is shown: saved, or the conflict view
//   (what is saved now beside what was typed), never an overwrite.
// - At sign-out everything kept is deleted (the server's Clear-Site-Data does it too).
(function () {
  "use strict";
  if (!window.indexedDB || !window.fetch || !window.Promise) return;
  var DB = "hearth-offline", STORE = "notes", NOTES = "hearth-notes";

  function open() {
    return new Promise(function (resolve, reject) {
      var r = indexedDB.open(DB, 1);
      r.onupgradeneeded = function () { r.result.createObjectStore(STORE, { keyPath: "action" }); };
      r.onsuccess = function () { resolve(r.result); };
      r.onerror = function () { reject(r.error); };
    });
  }

  // Runs `fn(store)` in one transaction; resolves with its request's result once committed.
  function tx(mode, fn) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var t = db.transaction(STORE, mode);
        var req = fn(t.objectStore(STORE));
        t.oncomplete = function () { db.close(); resolve(req && req.result); };
        t.onerror = t.onabort = function () { db.close(); reject(t.error); };
      });
    });
  }

  // Whether the server answers at all (any status will do); the worker lets this through.
  function reachable() {
    return fetch("/sw.js", { method: "HEAD", cache: "no-store" })
      .then(function () { return true; }, function () { return false; });
  }

  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function notice(text, kind) {
    var main = document.querySelector("main") || document.body;
    var el = document.querySelector("[data-offline-notice]");
    if (!el) {
      el = document.createElement("div");
      el.setAttribute("data-offline-notice", "");
      el.setAttribute("role", "status");
      main.insertBefore(el, main.firstChild);
    }
    el.className = "flash " + (kind || "flash-info");
    el.textContent = text;
  }

  if (navigator.serviceWorker) navigator.serviceWorker.register("/sw.js").catch(function () {});

  // The home page: keep the listed visits' note pages (and the page itself) on this phone.
  var list = document.querySelector("#today");
  if (list && window.caches) {
    var paths = ["/"];
    Array.prototype.forEach.call(list.querySelectorAll('a[href^="/visits/"]'), function (a) {
      var p = new URL(a.href).pathname;
      if (/^\/visits\/\d+$/.test(p) && paths.indexOf(p) < 0) paths.push(p);
    });
    caches.open(NOTES).then(function (c) {
      return c.keys().then(function (kept) {
        var have = {};
        var work = kept.map(function (r) {
          var p = new URL(r.url).pathname;
          have[p] = true;
          return paths.indexOf(p) < 0 ? c.delete(r) : null;
        });
        paths.forEach(function (p) {
          if (have[p]) return; // the worker refreshes a kept page whenever it is opened
          work.push(fetch(p, { headers: { "X-Hearth-Offline": "keep" } }).then(function (res) {
            if (res.ok && !res.redirected) return c.put(p, res);
          }));
        });
        return Promise.all(work);
      });
    }).catch(function () {});
  }

  // The note form: send with a key, or keep it here when there is no network.
  var form = document.querySelector("form[data-offline-note]");
  if (form) form.addEventListener("submit", function (e) {
    if (form.hasAttribute("data-sending")) return;
    e.preventDefault();
    var submitter = e.submitter;
    form.elements.submission_key.value = uuid();
    reachable().then(function (up) {
      if (up) {
        form.setAttribute("data-sending", "");
        form.requestSubmit(submitter);
        return;
      }
      var fields = [];
      new FormData(form, submitter).forEach(function (v, k) { fields.push([k, v]); });
      // One kept note per visit: a later save replaces an earlier one (it holds it all).
      var note = { action: form.getAttribute("action"), fields: fields, at: Date.now() };
      return tx("readwrite", function (s) { return s.put(note); }).then(function () {
        notice("Saved on this phone; it will be sent when you are back online.");
      });
    }).catch(function () {
      notice("This phone could not keep the note. Keep this page open and save again when you are back online.", "flash-error");
    });
  });

  // Sends the first kept note as its form would have been sent: the answer is the next page
  // (which sends the next one). Removed from the queue just before: draft.js still has it.
  var sending = false;
  function sendKept() {
    if (sending) return;
    tx("readonly", function (s) { return s.getAll(); }).then(function (notes) {
      if (!notes || !notes.length) return;
      return reachable().then(function (up) {
        if (!up || sending) return;
        sending = true;
        var note = notes[0];
        return tx("readwrite", function (s) { return s.delete(note.action); }).then(function () {
          var f = document.createElement("form");
          f.method = "post";
          f.action = note.action;
          f.hidden = true;
          note.fields.forEach(function (kv) {
            var i = document.createElement("input");
            i.type = "hidden";
            i.name = kv[0];
            i.value = kv[1];
            f.appendChild(i);
          });
          document.body.appendChild(f);
          notice("Back online: sending the note saved on this phone…");
          f.submit();
        });
      });
    }).catch(function () { sending = false; });
  }
  window.addEventListener("online", sendKept);
  sendKept();

  // Sign-out deletes what this phone keeps: kept notes, kept pages, drafts, the worker.
  var out = document.querySelector('form[action="/logout"]');
  if (out) out.addEventListener("submit", function (e) {
    if (out.hasAttribute("data-cleared")) return;
    e.preventDefault();
    tx("readonly", function (s) { return s.count(); }).catch(function () { return 0; }).then(function (n) {
      if (n && !window.confirm("A note saved on this phone has not been sent yet. Sign out and delete it?")) return;
      return clearAll().then(function () {
        out.setAttribute("data-cleared", "");
        out.requestSubmit();
      });
    });
  });

  function clearAll() {
    var work = [new Promise(function (done) {
      var r = indexedDB.deleteDatabase(DB);
      r.onsuccess = r.onerror = r.onblocked = function () { done(); };
    })];
    if (window.caches) work.push(caches.keys().then(function (ks) {
      return Promise.all(ks.map(function (k) { return caches.delete(k); }));
    }));
    if (navigator.serviceWorker) work.push(navigator.serviceWorker.getRegistrations().then(function (rs) {
      return Promise.all(rs.map(function (r) { return r.unregister(); }));
    }));
    try {
      Object.keys(localStorage).forEach(function (k) {
        if (k.indexOf("hearth-draft:") === 0) localStorage.removeItem(k);
      });
    } catch (err) { /* no storage: nothing kept */ }
    return Promise.all(work).catch(function () {});
  }
})();
