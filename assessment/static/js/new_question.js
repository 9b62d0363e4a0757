/*
 * After a save that revealed a question on the same page (the page marks it with
 * data-new-question and names it in a notice): move the focus to the first new question,
 * so keyboard and screen reader users land on it. Errors come first: when the page shows
 * an error summary, questionnaire.js focuses that instead.
 */
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    if (document.querySelector("[data-module='error-summary']")) {
      return;
    }
    var marked = document.querySelector("[data-new-question]");
    var target = marked && marked.querySelector("input, textarea, select");
    if (!target) {
      return;
    }
    target.focus({ preventScroll: true });
    marked.scrollIntoView({ block: "start" });
  });
})();
