// Progressive enhancement only: every page works without this file.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field.matches("[data-autosubmit]")) {
    field.form.requestSubmit();
  }
});
