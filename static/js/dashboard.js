// The decision makers' dashboard: small progressive enhancements (everything works without).
(function () {
  "use strict";

  // htmx "settles" the class, style, width and height of elements kept across a swap (same
  // id) by copying them with setAttribute; a copied style attribute, even empty (tools such
  // as axe-core leave style=""), is an inline style the Content-Security-Policy refuses.
  if (window.htmx) window.htmx.config.attributesToSettle = ["class", "width", "height"];

  // After an htmx action (bulk mark as read, answer, moderation…) the button that was
  // pressed may be gone: move the keyboard focus to the announced result instead.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.elt;
    if (!target || !target.querySelector) return;
    var notice = target.matches("[data-dashboard-notice]") ? target : target.querySelector("[data-dashboard-notice]");
    if (notice) notice.focus();
  });

  // "Select all on this page": ticks (or unticks) every checkbox of a bulk form.
  function setupSelectAll(root) {
    root.querySelectorAll("[data-select-all]").forEach(function (button) {
      if (button.dataset.ready) return;
      button.dataset.ready = "1";
      button.hidden = false;
      button.addEventListener("click", function () {
        var boxes = document.querySelectorAll('input[type=checkbox][form="' + button.dataset.selectAll + '"]');
        var all = Array.prototype.every.call(boxes, function (box) { return box.checked; });
        boxes.forEach(function (box) { box.checked = !all; });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { setupSelectAll(document); });
  document.addEventListener("htmx:load", function (event) { setupSelectAll(event.detail.elt.parentNode || document); });
})();
