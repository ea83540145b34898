// Keeps a form's typed text in this browser until the server has it.
//
// Progressive enhancement: the form works without this script. With it, every change is
// stored in localStorage under the form's data-draft-key, tagged with the version the page was
// rendered from. On load, a stored draft of the same version is put back (the server has not
// accepted a newer save, so the browser's copy is the newest); a draft of an older version is
// dropped, because the server saved it. A submit that fails (no connection) leaves the draft.
(function () {
  "use strict";
  var form = document.querySelector("form[data-draft-key]");
  if (!form || !window.localStorage) return;
  var key = "hearth-draft:" + form.getAttribute("data-draft-key");
  var version = form.getAttribute("data-draft-version");
  var status = document.querySelector("[data-draft-status]");

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "_csrf" && el.name !== "version" && el.type !== "submit" && el.type !== "hidden";
    });
  }

  function say(text) {
    if (!status) return;
    status.textContent = text;
    status.hidden = false;
  }

  function save() {
    var values = {};
    fields().forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        values[el.name + "=" + el.value] = el.checked;
      } else {
        values[el.name] = el.value;
      }
    });
    try {
      localStorage.setItem(key, JSON.stringify({ version: version, values: values, at: Date.now() }));
    } catch (e) {
      say("This device could not keep a copy of what you typed; save it to the server.");
    }
  }

  function restore() {
    var raw = localStorage.getItem(key);
    if (!raw) return;
    var draft;
    try { draft = JSON.parse(raw); } catch (e) { localStorage.removeItem(key); return; }
    if (!draft || draft.version !== version) { localStorage.removeItem(key); return; }
    var changed = false;
    fields().forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        var k = el.name + "=" + el.value;
        if (k in draft.values && el.checked !== draft.values[k]) { el.checked = draft.values[k]; changed = true; }
      } else if (el.name in draft.values && el.value !== draft.values[el.name]) {
        el.value = draft.values[el.name];
        changed = true;
      }
    });
    if (changed) say("Restored what you typed on this device (" + new Date(draft.at).toLocaleString() + "). It is not saved to Hearth until you save.");
  }

  // A form of several parts (the IFSP draft: each part's button posts the whole form to its
  // own route) must not let Enter in a part's field press the form's first button, which
  // would save the plan and leave the part's text behind: Enter presses that part's button.
  form.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" || e.target.tagName !== "INPUT") return;
    for (var el = e.target.parentElement; el && el !== form; el = el.parentElement) {
      var buttons = el.querySelectorAll("button[formaction]");
      if (buttons.length === 1) { e.preventDefault(); buttons[0].click(); return; }
      if (buttons.length > 1) return;
    }
  });

  restore();
  form.addEventListener("input", save);
  form.addEventListener("change", save);
})();
