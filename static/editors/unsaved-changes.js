/* Never lose work: warn before leaving a change form whose edits are not saved.
 *
 * The form's data is read once the page has settled (rich-text editors and selects started)
 * and again when the editor leaves; the browser asks "Leave site?" only if they differ and
 * the editor has touched the form. Sending the form is not leaving. A page shown again with
 * errors holds changes that were not saved, so leaving it always asks.
 */
"use strict";
{
  function formOf() {
    return document.querySelector("#content-main form[id$='_form']");
  }

  function snapshot(form) {
    const data = new FormData(form);
    data.delete("csrfmiddlewaretoken");
    return new URLSearchParams(data).toString();
  }

  function start() {
    const form = formOf();
    if (!form) return;
    let touched = false;
    let sending = false;
    const hasErrors = !!document.querySelector(".errornote, .errorlist");
    let initial = null;
    const touch = () => { touched = true; };
    ["input", "change", "paste", "drop", "keydown"].forEach((type) => form.addEventListener(type, touch, true));
    if (window.django && django.jQuery) django.jQuery(form).on("change select2:select select2:unselect", touch);
    form.addEventListener("submit", () => { sending = true; });
    // Read the settled form after everything that fills it has run.
    window.addEventListener("load", () => setTimeout(() => { initial = snapshot(form); }, 0));
    window.addEventListener("beforeunload", (event) => {
      if (sending) return;
      const changed = hasErrors || (touched && initial !== null && snapshot(form) !== initial);
      if (changed) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}
