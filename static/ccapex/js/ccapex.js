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

// Autosaved forms (fields with hx-post): what was typed during the debounce delay is sent when
// the page is hidden or closed, so closing the tab right after typing loses nothing.
(function () {
  var enAttente = new Set();
  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest("form");
    if (form && event.target.hasAttribute("hx-post")) {
      enAttente.add(form);
    }
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt.closest && event.detail.elt.closest("form");
    if (form) {
      enAttente.delete(form);
    }
  });
  function envoyer() {
    var token = document.querySelector("meta[name=csrf-token]");
    enAttente.forEach(function (form) {
      var champ = form.querySelector("[hx-post]");
      fetch(champ.getAttribute("hx-post"), {
        method: "POST",
        body: new FormData(form),
        keepalive: true,
        credentials: "same-origin",
        headers: { "HX-Request": "true", "X-CSRFToken": token ? token.content : "" },
      });
    });
    enAttente.clear();
  }
  window.addEventListener("pagehide", envoyer);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      envoyer();
    }
  });
})();

// The step-by-step referral form: an act's date is shown from the stage that needs it, as
// soon as the stage is chosen (the server renders the same on each step).
document.addEventListener("change", function (event) {
  var stade = event.target;
  if (!stade.matches || !stade.matches("select[data-rangs]")) {
    return;
  }
  var rangs = JSON.parse(stade.getAttribute("data-rangs"));
  var rang = Object.prototype.hasOwnProperty.call(rangs, stade.value) ? rangs[stade.value] : -1;
  stade.form.querySelectorAll("[data-depuis-rang]").forEach(function (champ) {
    var bloc = champ.closest(".fr-fieldset__element");
    if (bloc) {
      bloc.hidden = Number(champ.getAttribute("data-depuis-rang")) > rang;
    }
  });
});
