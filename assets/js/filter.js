// Narrows a long list of checkboxes as one types in its search box.
//
// Progressive enhancement: without this script the search box stays hidden and the whole
// list shows, and the form posts the same ticked boxes either way. Ticked items always
// stay visible, so a choice is never hidden from the person who made it.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("[data-filter-list]"), function (list) {
    var box = list.querySelector("[data-filter]");
    if (!box) return;
    var label = list.querySelector("[data-filter-label]");
    box.hidden = false;
    if (label) label.hidden = false;
    var items = list.querySelectorAll("[data-filter-item]");
    box.addEventListener("input", function () {
      var q = box.value.trim().toLowerCase();
      Array.prototype.forEach.call(items, function (item) {
        var ticked = item.querySelector("input:checked");
        item.hidden = q !== "" && !ticked && item.textContent.toLowerCase().indexOf(q) < 0;
      });
    });
    // Enter in the search box must not submit the note.
    box.addEventListener("keydown", function (e) {
      if (e.key === "Enter") e.preventDefault();
    });
  });
})();
