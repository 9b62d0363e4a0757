/*
 * "Copy summary" on the dashboard's assessment page (templates/dashboard/_summary.html).
 * Without JavaScript the buttons stay hidden and the links open the text. With it, a button
 * fetches its text (summary.md or summary.txt) into the read-only box it names and copies it
 * with the Clipboard API; where there is none (a page served over plain http) or it is
 * refused, the box opens with its text selected, the older copy command is tried, and the
 * status line says whether to copy it by hand. Opening the boxes by hand fills them too.
 */
(function () {
  "use strict";

  function say(panel, key) {
    var status = panel.querySelector(".dash-summary__status");
    if (status) {
      status.textContent = status.getAttribute("data-" + key) || "";
    }
  }

  function fill(box) {
    if (box.value) {
      return Promise.resolve(box.value);
    }
    return fetch(box.getAttribute("data-src"), {credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (text) {
        box.value = text;
        return text;
      });
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
    fill(box).then(function (text) {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(
          function () { say(panel, "copied"); },
          function () { byHand(panel, box); }
        );
        return;
      }
      byHand(panel, box);
    }, function () { say(panel, "failed"); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var panels = document.querySelectorAll("[data-module='copy-summary']");
    Array.prototype.forEach.call(panels, function (panel) {
      var fallback = panel.querySelector("details");
      if (fallback) {
        fallback.hidden = false;
        fallback.addEventListener("toggle", function () {
          if (fallback.open) {
            Array.prototype.forEach.call(fallback.querySelectorAll("textarea[data-src]"), fill);
          }
        });
      }
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
