/* Competence search: suggestions as you type.
 *
 * Progressive enhancement of the plain GET form in
 * templates/competences/includes/search_form.html: without this script the form
 * opens the results page. With it, the input becomes an ARIA 1.2 combobox with
 * a listbox popup (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/):
 *
 * - typing (2 characters or more) asks the server for suggestions, 250 ms after
 *   the last key; a polite live region reads how many there are;
 * - Down / Up move through the suggestions (focus stays in the input, the
 *   active one is pointed at by aria-activedescendant);
 * - Enter opens the active suggestion, or submits the form when none is active;
 * - Escape closes the list; leaving the input closes it too.
 *
 * Choosing a suggestion fires a cancelable "competence-search:select" event on
 * the form (detail: the suggestion: uuid, code, title, url…). Pages that tag
 * something with a competence can listen to it and call preventDefault();
 * otherwise the browser opens the competence's page.
 *
 * No dependency, no build step.
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 250;
  var MIN_LENGTH = 2;

  function enhance(form) {
    var input = form.querySelector("input[name=q]");
    var listbox = form.querySelector("[role=listbox]");
    var status = form.querySelector("[role=status]");
    var url = form.getAttribute("data-suggestions-url");
    if (!input || !listbox || !status || !url) {
      return;
    }
    var pageLanguage = document.documentElement.lang;
    var results = [];
    var active = -1;
    var timer = null;
    var controller = null;
    var lastQuery = null;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

    function options() {
      return listbox.querySelectorAll("[role=option]");
    }

    function open() {
      if (!results.length) {
        return;
      }
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function setActive(index) {
      var items = options();
      active = index;
      for (var i = 0; i < items.length; i += 1) {
        items[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      if (index >= 0 && items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        if (items[index].scrollIntoView) {
          items[index].scrollIntoView({ block: "nearest" });
        }
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function span(className, text, language) {
      var element = document.createElement("span");
      element.className = className;
      element.textContent = text;
      if (language && language !== pageLanguage) {
        element.lang = language;
      }
      return element;
    }

    function render(data) {
      results = data.results || [];
      listbox.textContent = "";
      results.forEach(function (item, index) {
        var option = document.createElement("li");
        option.id = listbox.id + "-" + index;
        option.className = "competence-search__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.appendChild(span("code", item.code));
        option.appendChild(span("competence-search__title", item.title, item.title_language));
        option.appendChild(span("competence-search__domain", item.domain, item.domain_language));
        // Keep the focus in the input when an option is clicked.
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
        });
        option.addEventListener("click", function () {
          choose(index);
        });
        listbox.appendChild(option);
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      status.textContent = data.message || "";
      if (results.length) {
        open();
      } else {
        close();
      }
    }

    function choose(index) {
      var item = results[index];
      if (!item) {
        return;
      }
      close();
      var event;
      try {
        event = new CustomEvent("competence-search:select", {
          bubbles: true,
          cancelable: true,
          detail: item,
        });
      } catch (error) {
        event = null;
      }
      if (!event || form.dispatchEvent(event)) {
        window.location.assign(item.url);
      }
    }

    function parameters(query) {
      var params = "q=" + encodeURIComponent(query);
      var version = form.querySelector("[name=version]");
      if (version && version.value) {
        params += "&version=" + encodeURIComponent(version.value);
      }
      return params;
    }

    function suggest() {
      var query = input.value.trim();
      if (query.length < MIN_LENGTH) {
        lastQuery = null;
        results = [];
        listbox.textContent = "";
        status.textContent = "";
        close();
        return;
      }
      var params = parameters(query);
      if (params === lastQuery) {
        open();
        return;
      }
      lastQuery = params;
      if (controller) {
        controller.abort();
      }
      controller = window.AbortController ? new AbortController() : null;
      window
        .fetch(url + "?" + params, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
          signal: controller ? controller.signal : undefined,
        })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.json();
        })
        .then(render)
        .catch(function () {
          // Offline, aborted or refused: the form still works without suggestions.
          lastQuery = null;
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(suggest, DEBOUNCE_MS);
    });

    input.addEventListener("keydown", function (event) {
      var count = results.length;
      switch (event.key) {
        case "ArrowDown":
        case "Down":
          event.preventDefault();
          if (listbox.hidden) {
            open();
            if (!results.length) {
              suggest();
            }
          }
          if (count) {
            setActive((active + 1) % count);
          }
          break;
        case "ArrowUp":
        case "Up":
          event.preventDefault();
          if (listbox.hidden) {
            open();
          }
          if (count) {
            setActive(active <= 0 ? count - 1 : active - 1);
          }
          break;
        case "Enter":
          if (!listbox.hidden && active >= 0) {
            event.preventDefault();
            choose(active);
          }
          break;
        case "Escape":
        case "Esc":
          if (!listbox.hidden) {
            event.preventDefault();
            close();
          }
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", function () {
      close();
    });

    // Back from a competence page: the browser may restore the typed text.
    window.addEventListener("pageshow", function () {
      close();
    });
  }

  function start() {
    if (!window.fetch) {
      return;
    }
    var forms = document.querySelectorAll("form[data-suggestions-url]");
    for (var i = 0; i < forms.length; i += 1) {
      enhance(forms[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
