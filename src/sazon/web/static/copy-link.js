// The event page's "Copy" buttons: put the guest's RSVP link on the clipboard and say so.
// Without JavaScript (or clipboard access) the link stays selectable in its field.
(function () {
  "use strict";
  document.addEventListener("click", function (ev) {
    var button = ev.target.closest("[data-copy]");
    if (!button || !navigator.clipboard) return;
    navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
      var was = button.textContent;
      button.textContent = button.getAttribute("data-copied");
      setTimeout(function () { button.textContent = was; }, 2000);
    });
  });
})();
