// Small behaviours shared by every page. No inline scripts: the Content-Security-Policy forbids them.
document.addEventListener("DOMContentLoaded", () => {
  // A page that answers a POST (the confirmation answering a review, the commune's home
  // answering a submission) names its own address: the address bar shows it, and a reload
  // asks for that page instead of sending the form again.
  const pageUrl = document.body.dataset.pageUrl;
  if (pageUrl && pageUrl !== window.location.pathname + window.location.search) {
    window.history.replaceState(null, "", pageUrl);
  }
  // The language picker submits on change; its button is only for browsers without scripts.
  document.querySelectorAll(".js-language-form").forEach((form) => {
    form.querySelectorAll(".js-hide-when-scripted").forEach((el) => el.classList.add("d-none"));
    form.querySelector("select").addEventListener("change", () => form.submit());
  });
  setBarWidths(document);
  // Searchable pickers (Tom Select), diacritic-blind: "hoa binh" finds "Hòa Bình".
  if (window.TomSelect) {
    document.querySelectorAll("select[data-picker]").forEach((select) => {
      // Tom Select points the <label> at its own search box; the original <select>, still in
      // the accessibility tree, keeps the label's words as its name.
      const label = select.id && document.querySelector(`label[for="${select.id}"]`);
      const name = (label && label.textContent.trim()) || select.getAttribute("aria-label");
      new window.TomSelect(select, { maxOptions: 500, diacritics: true });
      if (name) select.setAttribute("aria-label", name);
      // Out of sight, and out of screen readers' way too: else they meet the list twice.
      select.setAttribute("aria-hidden", "true");
    });
  }
  // A box that scrolls (a wide table on a phone, a long list) can be scrolled from the keyboard.
  document.querySelectorAll(".table-responsive, .scroll-24, .scroll-32").forEach((box) => {
    if (box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight) {
      box.tabIndex = 0;
    }
  });
  // Forms that ask for a confirmation first: <form data-confirm="...">.
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  // A form is sent once: a double click does not send it twice (the server checks too).
  document.querySelectorAll("form[method=post]:not([data-repeatable])").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (event.defaultPrevented) return;
      if (form.dataset.sent) {
        event.preventDefault();
        return;
      }
      form.dataset.sent = "1";
    });
  });
});
// Bars whose width is data (the CSP forbids inline style attributes; CSSOM is allowed): on the
// page, and in every fragment htmx swaps in (a progress bar polled until its job ends).
function setBarWidths(root) {
  root.querySelectorAll("[data-pct]").forEach((bar) => {
    bar.style.width = `${Math.max(0, Math.min(100, parseFloat(bar.dataset.pct) || 0))}%`;
  });
}
document.body.addEventListener("htmx:load", (event) => {
  setBarWidths(event.detail.elt.parentNode || event.detail.elt);
});
// htmx sends the CSRF token with every request it makes.
document.body.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("[name=csrfmiddlewaretoken]");
  if (token) event.detail.headers["X-CSRFToken"] = token.value;
});
// File inputs (core.widgets.FileWidget): the browser's own button is hidden; the line beside
// the project's button says which file is chosen.
document.addEventListener("change", (event) => {
  const input = event.target;
  if (!input.matches || !input.matches(".file-picker-input")) return;
  const shown = input.closest("[data-file-picker]").querySelector(".file-picker-name");
  const names = Array.from(input.files || []).map((file) => file.name);
  shown.textContent = names.length ? names.join(", ") : shown.dataset.empty;
  shown.classList.toggle("text-body-secondary", !names.length);
});
// The error summary (templates/fields/error_summary.html) takes the focus when the page opens,
// so a screen reader reads it first; a link in it brings its field's label into view too.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();
  summary.querySelectorAll("a[href^='#']").forEach((link) => {
    link.addEventListener("click", (event) => {
      const input = document.getElementById(link.getAttribute("href").slice(1));
      if (!input) return;
      event.preventDefault();
      const field = input.closest(".field") || input;
      field.scrollIntoView({ block: "start" });
      input.focus({ preventScroll: true });
    });
  });
});
