// The results page's one "Adjust" dialog (templates/reports/results.html): each row's button
// fills it from the row's data-* and opens it. Without scripts the button is a link that asks
// for the page with the dialog already open (?adjust=), so this file only makes it quicker.
document.addEventListener("DOMContentLoaded", () => {
  const dialog = document.getElementById("adjust");
  if (!dialog || typeof dialog.showModal !== "function") return;
  const form = dialog.querySelector("form");
  // The server opens the dialog for a refused change or an ?adjust= link: make it modal.
  if (dialog.open) {
    dialog.close();
    dialog.showModal();
    dialog.querySelector(".is-invalid")?.focus();
  }
  document.querySelectorAll("a[data-adjust]").forEach((button) => {
    button.addEventListener("click", (event) => {
      event.preventDefault();
      const data = button.dataset;
      for (const name of ["cadre", "level", "commendation", "replacement", "reason"]) {
        form.elements[name].value = data[name] || "";
      }
      dialog.querySelector("[data-adjust-name]").textContent = data.name;
      dialog.querySelector("[data-adjust-result]").textContent = data.result;
      // Messages of an earlier refusal belong to another cadre.
      dialog.querySelectorAll("[data-adjust-error]").forEach((el) => el.remove());
      dialog.querySelectorAll(".is-invalid").forEach((el) => el.classList.remove("is-invalid"));
      delete form.dataset.sent;
      dialog.showModal();
      form.elements.level.focus();
    });
  });
  dialog.querySelector("[data-adjust-cancel]").addEventListener("click", (event) => {
    event.preventDefault();
    dialog.close();
  });
});
