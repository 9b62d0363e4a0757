/*
 * "Copy summary" on the dashboard's assessment page (templates/dashboard/_summary.html).
 * The buttons stay hidden without JavaScript: the <details> below them holds the same text
 * in read-only boxes. With the Clipboard API the text is copied; where there is none (a page
 * served over plain http) or it is refused, the box opens with its text selected, the older
 * copy command is tried, and the status line says whether to copy it by hand.
 */
(function () {
  "use strict";

  function say(panel, key) {
    var status = panel.querySelector(".dash-summary__status");
    if (status) {
      status.textContent = status.getAttribute("data-" + key) || "";
    }
  }

  function byHand(panel, box) {
    var fallback = panel.querySelector("details");
    if (fallback) {
      fallback.open = true;
    }
    box.focus();
    box.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");  // older browsers, and pages served over http
    } catch (error) {
      copied = false;
    }
    say(panel, copied ? "copied" : "failed");
  }

  function copy(panel, box) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(box.value).then(
        function () { say(panel, "copied"); },
        function () { byHand(panel, box); }
      );
      return;
    }
    byHand(panel, box);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var panels = document.querySelectorAll("[data-module='copy-summary']");
    Array.prototype.forEach.call(panels, function (panel) {
      Array.prototype.forEach.call(panel.querySelectorAll("button[data-copy]"), function (button) {
        var box = document.getElementById(button.getAttribute("data-copy"));
        if (!box) {
          return;
        }
        button.hidden = false;
        button.addEventListener("click", function () { copy(panel, box); });
      });
    });
  });
}());
