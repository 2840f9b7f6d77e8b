/* Share links (owner): "Copy the link" and "Share" buttons next to a link's address.
 *
 * Progressive enhancement: without JavaScript the address stays in a read-only field that
 * can be selected and copied, and the QR code page works. The Copy button appears only
 * where the Clipboard API is available (secure pages), the Share button only where the
 * Web Share API is (the phone's share sheet). Texts come from the template's data-*
 * attributes, so they are translated.
 */
(function () {
  "use strict";

  function say(box, text) {
    var status = box.querySelector("[data-share-status]");
    if (status) {
      status.textContent = "";
      // A fresh text each time, so that screen readers announce it again.
      window.setTimeout(function () { status.textContent = text; }, 50);
    }
  }

  function setUp(box) {
    var field = box.querySelector("[data-share-url]");
    var copy = box.querySelector("[data-share-copy]");
    var share = box.querySelector("[data-share-native]");
    if (!field) {
      return;
    }
    field.addEventListener("focus", function () { field.select(); });
    if (copy && navigator.clipboard && window.isSecureContext) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(field.value).then(
          function () { say(box, box.getAttribute("data-copied")); },
          function () { field.select(); say(box, box.getAttribute("data-copy-failed")); }
        );
      });
    }
    if (share && typeof navigator.share === "function") {
      share.hidden = false;
      share.addEventListener("click", function () {
        navigator.share({ title: box.getAttribute("data-share-title") || document.title, url: field.value })
          .catch(function () { /* closed by the person: nothing to do */ });
      });
    }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-share-link]"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
