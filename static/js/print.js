// The printable form's "Print" button (the Content-Security-Policy forbids inline handlers).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
