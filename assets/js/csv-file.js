// The referral import's file picker: reads the chosen CSV file in the browser into the
// textarea the form posts (the page works without JavaScript by pasting the text). The
// picker has no name, so the file itself is never sent; a byte-order mark is removed on the
// server.
(function () {
  var picker = document.getElementById("csv-file");
  var area = document.getElementById("f-csv");
  if (!picker || !area || !window.FileReader) return;
  picker.closest(".field").hidden = false;
  picker.addEventListener("change", function () {
    var file = picker.files && picker.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () { area.value = reader.result; };
    reader.readAsText(file, "UTF-8");
  });
})();
