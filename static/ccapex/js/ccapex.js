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

// After an htmx action (WCAG 2.4.3): the focus goes to the result the server marked
// ([data-focus]: a confirmation, or the error summary of a form redrawn with errors), else
// back to the element that had it when it was replaced (same id). The messages themselves
// are swapped into live regions present since the page loaded (role="status"), hence read
// (WCAG 4.1.3).
(function () {
  var avant = null;
  document.addEventListener("htmx:beforeRequest", function () {
    var actif = document.activeElement;
    avant = actif && actif.id ? actif.id : null;
  });
  function focaliser(element) {
    if (!element.matches("a[href], button, input, select, textarea, [tabindex]")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
  }
  document.addEventListener("htmx:afterSettle", function () {
    var marques = document.querySelectorAll("[data-focus]");
    if (marques.length) {
      focaliser(marques[0]);
      marques.forEach(function (marque) {
        marque.removeAttribute("data-focus");
      });
    } else if (avant && (!document.activeElement || document.activeElement === document.body)) {
      var remplacant = document.getElementById(avant);
      if (remplacant) {
        focaliser(remplacant);
      }
    }
  });
})();

// A link marked [data-focaliser] moves the keyboard focus to its target (an in-page link
// only moves the scroll position).
document.addEventListener("click", function (event) {
  var lien = event.target.closest && event.target.closest("a[data-focaliser]");
  var cible = lien && document.getElementById(lien.getAttribute("href").slice(1));
  if (cible) {
    event.preventDefault();
    cible.scrollIntoView({ block: "center" });
    cible.focus();
  }
});

// Pages marked [data-focus-messages] (a referral after a triage decision, the dossier after
// an action that reloads it): the messages of that action take the focus, so that the
// result is read first and Tab goes on from there.
window.addEventListener("load", function () {
  var messages = document.querySelector(".ccapex-messages");
  if (!document.querySelector("[data-focus-messages]") || !messages) {
    return;
  }
  if (document.activeElement && document.activeElement !== document.body) {
    return; // an error summary (or the agent) already has it
  }
  messages.setAttribute("tabindex", "-1");
  messages.focus();
});

// Triage shortcuts (WCAG 2.1.4): single keys, off unless the agent turns them on (remembered
// in this browser), never while typing in a field or with a modifier key. An element marked
// data-raccourci="k" is followed (a link) or focused (anything else).
(function () {
  var CLE = "ccapex-raccourcis";
  var interrupteur = document.getElementById("raccourcis-actifs");
  function actifs() {
    try {
      return window.localStorage.getItem(CLE) === "1";
    } catch (erreur) {
      return false;
    }
  }
  if (interrupteur) {
    interrupteur.checked = actifs();
    interrupteur.addEventListener("change", function () {
      try {
        window.localStorage.setItem(CLE, interrupteur.checked ? "1" : "0");
      } catch (erreur) {
        // Storage refused: the shortcuts stay off.
      }
    });
  }
  document.addEventListener("keydown", function (event) {
    if (!interrupteur || !actifs() || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    var cible = event.target;
    var saisie = "textarea, select, [contenteditable], input:not([type=checkbox]):not([type=radio])";
    if (cible.closest && cible.closest(saisie)) {
      return;
    }
    var element = document.querySelector('[data-raccourci="' + CSS.escape(event.key) + '"]');
    if (!element) {
      return;
    }
    event.preventDefault();
    if (element.tagName === "A") {
      element.click();
    } else {
      element.focus();
    }
  });
})();
