// The caregiver's confirmation on the visit note (issue 17). Progressive enhancement:
// without this script the pad stays hidden and the typed name confirms the visit.
//
// - The pad: pointer events (finger, pen, mouse) become SVG path data in the hidden
//   `caregiver_path`, in the pad's 300 × 120 drawing area; "Clear" empties it. The field is
//   a plain form field, so a note kept on the phone offline (offline.js) carries it.
// - The device's time zone goes in `caregiver_tz`.
// - Where the program allows it and the provider ticks "keep this device's location", the
//   position is taken when the page opens (start) and again when the confirmation step is
//   reached (end: by the time "Sign and lock" is pressed it is in the form). Never required:
//   a refusal or no answer leaves the fields empty.
(function () {
  "use strict";
  var box = document.querySelector("[data-caregiver-confirm]");
  if (!box) return;
  var form = box.closest("form");
  var el = form.elements;
  try { el.caregiver_tz.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { /* none */ }

  var pad = box.querySelector("[data-signature-pad]");
  var svg = pad && pad.querySelector("svg");
  var line = svg && svg.querySelector("path");
  var MAX = 19900; // the server keeps at most 20,000 characters
  if (svg && line && window.PointerEvent) {
    pad.hidden = false;
    var d = el.caregiver_path.value, drawing = false;
    var show = function () {
      line.setAttribute("d", d);
      el.caregiver_path.value = d;
    };
    var point = function (e) {
      var r = svg.getBoundingClientRect();
      var x = Math.max(0, Math.min(300, (e.clientX - r.left) * 300 / r.width));
      var y = Math.max(0, Math.min(120, (e.clientY - r.top) * 120 / r.height));
      return x.toFixed(1) + " " + y.toFixed(1);
    };
    svg.addEventListener("pointerdown", function (e) {
      if (d.length > MAX) return;
      e.preventDefault();
      drawing = true;
      try { svg.setPointerCapture(e.pointerId); } catch (err) { /* not captured */ }
      d += (d ? " " : "") + "M" + point(e);
      show();
    });
    svg.addEventListener("pointermove", function (e) {
      if (!drawing) return;
      if (d.length > MAX) { drawing = false; return; }
      d += " L" + point(e);
      show();
    });
    ["pointerup", "pointercancel", "lostpointercapture"].forEach(function (t) {
      svg.addEventListener(t, function () { drawing = false; });
    });
    pad.querySelector("[data-pad-clear]").addEventListener("click", function () { d = ""; show(); });
  }

  var share = el.share_location;
  if (!share || !navigator.geolocation) return;
  var took = 0;
  var fill = function (prefix) {
    navigator.geolocation.getCurrentPosition(function (p) {
      if (!share.checked) return;
      el[prefix + "_lat"].value = p.coords.latitude;
      el[prefix + "_lon"].value = p.coords.longitude;
      el[prefix + "_accuracy"].value = p.coords.accuracy;
    }, function () { /* refused or unknown: not kept */ }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
  };
  var start = function () { if (share.checked && !el.start_lat.value) fill("start"); };
  var end = function () {
    if (!share.checked || Date.now() - took < 30000) return;
    took = Date.now();
    fill("end");
  };
  start();
  share.addEventListener("change", function () {
    if (share.checked) { start(); return; }
    ["start", "end"].forEach(function (p) {
      ["_lat", "_lon", "_accuracy"].forEach(function (k) { el[p + k].value = ""; });
    });
  });
  box.addEventListener("pointerdown", end);
  box.addEventListener("focusin", end);
})();
