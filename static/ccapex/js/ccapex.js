// htmx requests carry the CSRF token of the page (no inline script: CSP).
document.addEventListener("htmx:configRequest", function (event) {
  var token = document.querySelector("meta[name=csrf-token]");
  if (token) {
    event.detail.headers["X-CSRFToken"] = token.content;
  }
});

// A form shown again with errors: the summary at the top takes the focus, and each of its
// links moves the focus to the field it names (not only the scroll position). After "load":
// the DSFR scripts (modules, run after DOMContentLoaded) would otherwise take it back.
window.addEventListener("load", function () {
  var resume = document.querySelector("[data-resume-erreurs]");
  if (!resume) {
    return;
  }
  resume.focus();
  resume.addEventListener("click", function (event) {
    var lien = event.target.closest("a[href^='#']");
    var champ = lien && document.getElementById(lien.getAttribute("href").slice(1));
    if (champ) {
      event.preventDefault();
      champ.focus();
    }
  });
});
