/*
 * Small progressive enhancements for the questionnaire. Everything works without
 * this file: the server validates and explains. With it:
 * - the error summary takes focus when the page loads, so screen readers hear it first;
 * - "I don't know" / "Not applicable" boxes behave as exclusive options;
 * - a save button cannot be pressed twice while the page is sending;
 * - text boxes with a limit count the characters left as you type ("You have 12
 *   characters remaining", "3 characters too many"), told to screen readers politely
 *   once typing pauses. The browser no longer cuts pasted text at the limit: the
 *   counter says how much is over, and the server refuses it with the text kept;
 * - the printable copy of the answers gets its "Print this page" button.
 */
(function () {
  "use strict";

  function focusErrorSummary() {
    var summary = document.querySelector("[data-module='error-summary']");
    if (summary) {
      summary.focus();
    }
  }

  function groupOf(input) {
    return input.closest("fieldset") || input.form;
  }

  function exclusiveCheckboxes() {
    document.addEventListener("change", function (event) {
      var input = event.target;
      if (!(input instanceof HTMLInputElement) || !input.checked) {
        return;
      }
      var group = groupOf(input);
      if (!group) {
        return;
      }
      var exclusive = input.getAttribute("data-behaviour") === "exclusive";
      if (input.type === "checkbox" && input.name.slice(-8) === "-special") {
        group.querySelectorAll("input[name='" + input.name + "']").forEach(function (other) {
          if (other !== input) { other.checked = false; }
        });
        var box = group.querySelector("input[type='text']");
        if (box) { box.value = ""; }
        return;
      }
      if (input.type !== "checkbox") {
        return;
      }
      group.querySelectorAll("input[type='checkbox'][name='" + input.name + "']").forEach(function (other) {
        if (other === input) { return; }
        var otherExclusive = other.getAttribute("data-behaviour") === "exclusive";
        if (exclusive || otherExclusive) { other.checked = false; }
      });
    });
    document.addEventListener("input", function (event) {
      var input = event.target;
      if (!(input instanceof HTMLInputElement) || input.type !== "text" || !input.value) {
        return;
      }
      var group = groupOf(input);
      if (group && group.tagName === "FIELDSET") {
        group.querySelectorAll("input[name='" + input.name + "-special']").forEach(function (box) {
          box.checked = false;
        });
      }
    });
  }

  function preventDoubleSubmit() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (form.getAttribute("data-submitting") === "true") {
        event.preventDefault();
        return;
      }
      form.setAttribute("data-submitting", "true");
      window.setTimeout(function () { form.removeAttribute("data-submitting"); }, 3000);
    });
  }

  function characterCounters() {
    var words = document.getElementById("character-count-messages");
    if (!words || !window.Intl) {
      return;
    }
    var lang = document.documentElement.lang || "en";
    var plural = new Intl.PluralRules(lang);
    var number = new Intl.NumberFormat(lang);
    function say(kind, count) {
      var form = plural.select(count) === "one" ? "one" : "other";
      var text = words.getAttribute("data-" + kind + "-" + form) || "";
      return text.replace("{n}", number.format(count));
    }
    document.querySelectorAll("textarea[maxlength], input[type='text'][maxlength]").forEach(function (box) {
      var hint = document.getElementById(box.id + "-count");
      var limit = parseInt(box.getAttribute("maxlength"), 10);
      if (!hint || !limit) {
        return;
      }
      box.removeAttribute("maxlength");  // keep pasted text whole; the counter warns
      box.setAttribute("data-maxlength", String(limit));
      var shown = document.createElement("div");
      shown.className = "character-count__status";
      shown.setAttribute("aria-hidden", "true");
      var spoken = document.createElement("div");
      spoken.className = "visually-hidden";
      spoken.setAttribute("aria-live", "polite");
      hint.classList.add("visually-hidden");
      hint.parentNode.insertBefore(spoken, hint.nextSibling);
      hint.parentNode.insertBefore(shown, hint.nextSibling);
      var timer = null;
      function update(announce) {
        var left = limit - box.value.length;
        var text = left >= 0 ? say("remaining", left) : say("over", -left);
        shown.textContent = text;
        shown.classList.toggle("character-count__status--over", left < 0);
        window.clearTimeout(timer);
        if (announce) {
          timer = window.setTimeout(function () { spoken.textContent = text; }, 1000);
        }
      }
      box.addEventListener("input", function () { update(true); });
      update(false);
    });
  }

  function printButtons() {
    document.querySelectorAll("[data-action='print']").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary();
    exclusiveCheckboxes();
    preventDoubleSubmit();
    characterCounters();
    printButtons();
  });
}());
