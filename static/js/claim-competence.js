/* Claiming a competence: a suggestion chosen in the search box opens the level form.
 *
 * static/js/competence-search.js fires a cancelable "competence-search:select"
 * event on the search form; this page answers it by going to the claim form of
 * that competence (the form's data-claim-url-template, with the competence's
 * UUID in place of the zero UUID). Without JavaScript the list links do the same.
 */
(function () {
  "use strict";

  var ZERO = "00000000-0000-0000-0000-000000000000";

  function start() {
    var form = document.querySelector("form[data-claim-url-template]");
    if (!form) {
      return;
    }
    form.addEventListener("competence-search:select", function (event) {
      var item = event.detail;
      if (!item || !/^[0-9a-f-]{36}$/i.test(item.uuid || "")) {
        return;
      }
      event.preventDefault();
      window.location.assign(form.getAttribute("data-claim-url-template").replace(ZERO, item.uuid));
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
