// civic's small amount of JavaScript. No inline scripts (the Content-Security-Policy forbids them).
(function () {
  "use strict";

  // htmx swaps nothing on an error response: tell the citizen instead of failing silently
  // (a rate limit answers 429; the messages come translated from the <body> data attributes).
  document.addEventListener("htmx:responseError", function (event) {
    var box = document.getElementById("htmx-messages");
    if (!box) return;
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    var text = status === 429 ? document.body.dataset.errorRateLimited : document.body.dataset.errorGeneric;
    var message = document.createElement("p");
    message.className = "message message-error";
    message.textContent = text;
    box.replaceChildren(message);
  });
})();
