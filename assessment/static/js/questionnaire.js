/*
 * Small progressive enhancements for the questionnaire. Everything works without
 * this file: the server validates and explains. With it:
 * - the error summary takes focus when the page loads, so screen readers hear it first;
 * - "I don't know" / "Not applicable" boxes behave as exclusive options;
 * - a save button cannot be pressed twice while the page is sending.
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

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary();
    exclusiveCheckboxes();
    preventDoubleSubmit();
  });
}());
