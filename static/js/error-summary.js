/* After a failed submit: the focus goes to the error summary, and its links to the fields.
 *
 * templates/includes/form_errors.html prints the summary first in the form (role="alert",
 * tabindex="-1"), so without JavaScript it is still read first. With it, the page opens
 * with the focus on the summary; a link of the summary puts the focus in its field (for a
 * group of choices, the first one) and scrolls its label or legend into view.
 */
(function () {
  "use strict";

  if (window.jalonsErrorSummary) {
    return;
  }
  window.jalonsErrorSummary = true;

  function labelOf(input) {
    var legend = input.closest("fieldset") && input.closest("fieldset").querySelector("legend");
    if (legend && input.type && /^(radio|checkbox)$/.test(input.type)) {
      return legend;
    }
    return (input.id && document.querySelector('label[for="' + input.id + '"]')) || input;
  }

  function start() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) {
      return;
    }
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) {
        return;
      }
      var input = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
      if (!input) {
        return;
      }
      event.preventDefault();
      labelOf(input).scrollIntoView();
      input.focus({ preventScroll: true });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
