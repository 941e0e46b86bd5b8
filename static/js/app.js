// Psoas Tracker: small progressive enhancements. The pages work without this file.
(function () {
  "use strict";

  // Sign-up: preselect the browser's time zone, so "today" is right from day one; the person
  // can still change it. A zone the list does not know leaves the choice as it was (UTC).
  function fillTimezone() {
    var field = document.querySelector("select[data-browser-timezone]");
    if (!field) return;
    try {
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
      if (field.querySelector('option[value="' + zone + '"]')) field.value = zone;
    } catch (error) {
      // Keep UTC: the profile page can change it.
    }
  }

  // Invite links: a copy button beside the link, where the clipboard is available.
  function enableCopyButtons() {
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      if (!navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var target = document.getElementById(button.dataset.copyTarget);
        navigator.clipboard.writeText(target.value || target.textContent).then(function () {
          button.textContent = "Copied";
          button.setAttribute("aria-live", "polite");
        });
      });
    });
  }

  // The progress report: a print button (the browser's own Print does the same without it).
  function enablePrintButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  // Installable app: a service worker that shows an offline page when there is no network
  // (it caches nothing else; see templates/sw.js).
  function registerServiceWorker() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register("/sw.js").catch(function () {
      // Not installable here (e.g. plain http on another host): the site works as before.
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    fillTimezone();
    enableCopyButtons();
    enablePrintButtons();
    registerServiceWorker();
  });
})();
