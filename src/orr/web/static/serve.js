// orr serve: keyboard shortcuts for the common path, and a visible message when a request fails.
// Loaded from /static (the Content-Security-Policy allows no inline script).
"use strict";
(function () {
  const TEXT = /^(TEXTAREA|INPUT|SELECT)$/;

  function items() {
    return Array.from(document.querySelectorAll("article.serve-item"));
  }

  function focusItem(article) {
    if (!article) return;
    const target = article.querySelector("button.set, input[type=checkbox]");
    if (target) {
      target.focus();
      article.scrollIntoView({ block: "nearest" });
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const active = document.activeElement;
    if (active && TEXT.test(active.tagName) && active.type !== "checkbox") {
      if (event.key === "Escape") active.blur();
      return;
    }
    const article = active && active.closest ? active.closest("article.serve-item") : null;
    const all = items();
    if (event.key === "j" || event.key === "k") {
      const at = all.indexOf(article);
      const next = event.key === "j" ? all[at + 1] || all[0] : all[at - 1] || all[all.length - 1];
      focusItem(at < 0 ? all[0] : next);
      event.preventDefault();
      return;
    }
    if (!article) return;
    const button = article.querySelector('button.set[data-key="' + event.key + '"]');
    if (button) {
      button.click();
      event.preventDefault();
    }
  });

  // A saved answer: press the button of the status the file now holds.
  document.addEventListener("orr:saved", function (event) {
    const article = document.getElementById(event.detail.item);
    if (!article) return;
    const status = event.detail.status;
    article.querySelector('input[name="status"]').value = status;
    article.querySelectorAll("button.set").forEach(function (button) {
      button.setAttribute("aria-pressed", button.value === status ? "true" : "false");
    });
  });

  // A refused request (403) or a lost server: say so where everyone looks.
  document.addEventListener("htmx:responseError", function (event) {
    const xhr = event.detail.xhr;
    document.getElementById("notice").textContent =
      "Not saved (" + xhr.status + "): " + (xhr.responseText || "the server refused the request");
  });
  document.addEventListener("htmx:sendError", function () {
    document.getElementById("notice").textContent =
      "Not saved: the server cannot be reached (has orr serve stopped?).";
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) document.getElementById("notice").textContent = "";
  });
})();
