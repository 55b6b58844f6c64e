// Accessible place picker (ARIA 1.2 combobox + listbox). htmx fills the listbox with
// <li role="option" data-value data-label>; this script handles the keyboard and the choice.
(function () {
  "use strict";

  function setup(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    var input = root.querySelector("[role=combobox]");
    var hidden = root.querySelector("[data-autocomplete-value]");
    var listbox = root.querySelector("[role=listbox]");
    var status = root.querySelector("[data-autocomplete-status]");
    var active = -1;

    function options() {
      return Array.prototype.slice.call(listbox.querySelectorAll("[role=option]:not([aria-disabled=true])"));
    }
    function open() {
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }
    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(index) {
      var opts = options();
      if (!opts.length) return;
      active = (index + opts.length) % opts.length;
      opts.forEach(function (opt, i) { opt.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", opts[active].id);
      opts[active].scrollIntoView({ block: "nearest" });
    }
    function choose(opt) {
      hidden.value = opt.dataset.value;
      input.value = opt.dataset.label;
      status.textContent = opt.dataset.label;
      close();
    }

    input.addEventListener("input", function () { hidden.value = ""; });
    input.addEventListener("keydown", function (event) {
      var opts = options();
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (listbox.hidden && opts.length) open();
        highlight(active + 1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active - 1);
      } else if (event.key === "Enter") {
        if (!listbox.hidden && active >= 0 && opts[active]) {
          event.preventDefault();
          choose(opts[active]);
        }
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
    listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });
    listbox.addEventListener("click", function (event) {
      var opt = event.target.closest("[role=option]");
      if (opt && opt.getAttribute("aria-disabled") !== "true") choose(opt);
    });
    listbox.addEventListener("htmx:afterSwap", function () {
      var count = options().length;
      // The new list replaced the active option: nothing may point at it any more.
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (listbox.children.length) { open(); } else { close(); }
      // Screen readers hear how many places matched ("3 suggestions"), in the page language.
      status.textContent = count ? (root.dataset.statusSome || "{n}").replace("{n}", count) : (root.dataset.statusNone || "");
    });
  }

  function init() {
    document.querySelectorAll("[data-autocomplete]").forEach(setup);
  }
  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("htmx:load", init);
})();
