/* Ordering inlines with the keyboard (and for anyone who does not drag).
 *
 * django-admin-sortable2 lets editors drag the rows of an inline marked "sortable"; its own
 * arrows take no keyboard focus. Each row here gets two real buttons, "Move up" and
 * "Move down", which move the row, keep the focus on the button pressed and say where the
 * row went. The rows' hidden order fields are numbered 1, 2, 3... in the order shown, after
 * every move and before the form is sent, so a dragged row and a moved one save alike.
 */
(function () {
  "use strict";

  function rowsOf(fieldset) {
    // Stacked inlines: one .inline-related per row; tabular: one tr.form-row. The template
    // row Django copies for "Add another" is never a row of its own.
    const stacked = fieldset.querySelectorAll(":scope > .inline-related:not(.empty-form)");
    if (stacked.length) return Array.from(stacked);
    return Array.from(fieldset.querySelectorAll("tbody > tr.form-row:not(.empty-form)"));
  }

  function number(fieldset) {
    rowsOf(fieldset).forEach(function (row, index) {
      const input = row.querySelector("input._reorder_");
      if (input) input.value = String(index + 1);
    });
  }

  function liveRegion(fieldset) {
    let region = fieldset.querySelector(".order-status");
    if (!region) {
      region = document.createElement("p");
      region.className = "order-status visually-hidden";
      region.setAttribute("role", "status");
      fieldset.appendChild(region);
    }
    return region;
  }

  function rowLabel(fieldset, row) {
    const name = fieldset.dataset.rowName || "Row";
    const position = rowsOf(fieldset).indexOf(row) + 1;
    return name + " " + position;
  }

  function labelButtons(fieldset) {
    rowsOf(fieldset).forEach(function (row, index, rows) {
      const up = row.querySelector("button.move-up");
      const down = row.querySelector("button.move-down");
      if (!up || !down) return;
      const label = rowLabel(fieldset, row);
      up.setAttribute("aria-label", "Move up: " + label);
      down.setAttribute("aria-label", "Move down: " + label);
      up.disabled = index === 0;
      down.disabled = index === rows.length - 1;
    });
  }

  function move(fieldset, row, direction, button) {
    const rows = rowsOf(fieldset);
    const index = rows.indexOf(row);
    const target = rows[index + direction];
    if (!target) return;
    if (direction < 0) target.before(row);
    else target.after(row);
    number(fieldset);
    labelButtons(fieldset);
    const now = rowsOf(fieldset);
    liveRegion(fieldset).textContent =
      (fieldset.dataset.rowName || "Row") + " moved to position " +
      (now.indexOf(row) + 1) + " of " + now.length + ".";
    // Moving a row takes the focus with it in some browsers and drops it in others.
    const stay = button.disabled ? row.querySelector(direction < 0 ? "button.move-down" : "button.move-up") : button;
    if (stay) stay.focus();
    row.closest("form").dispatchEvent(new Event("change", { bubbles: true }));
  }

  function addButtons(fieldset, row) {
    if (row.querySelector(".order-buttons")) return;
    // Stacked: the title bar. Tabular: the row's first cell, inside the line Django lays over
    // the top of the row (the drag handle), where the buttons can be reached.
    const holder = row.querySelector(":scope > h3") || row.querySelector("td.original > p") ||
      row.querySelector("td.original");
    if (!holder) return;
    const group = document.createElement("span");
    group.className = "order-buttons";
    [["move-up", "↑", -1], ["move-down", "↓", 1]].forEach(function (spec) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = spec[0];
      button.textContent = spec[1];
      button.addEventListener("click", function (event) {
        event.preventDefault();
        event.stopPropagation();
        move(fieldset, row, spec[2], button);
      });
      group.appendChild(button);
    });
    holder.appendChild(group);
  }

  function setUp(fieldset) {
    const heading = fieldset.querySelector("h2");
    // "Add another exchange" (the inline's own words) names a row "Exchange".
    let name = "Row";
    const group = fieldset.closest(".inline-group");
    try {
      const addText = JSON.parse(group.dataset.inlineFormset).options.addText || "";
      const noun = addText.replace(/^Add another\s+/i, "");
      if (noun) name = noun.charAt(0).toUpperCase() + noun.slice(1);
    } catch (error) { /* keep "Row" */ }
    fieldset.dataset.rowName = name;
    rowsOf(fieldset).forEach(function (row) { addButtons(fieldset, row); });
    labelButtons(fieldset);
    if (heading && !fieldset.querySelector(".order-help")) {
      const help = document.createElement("p");
      help.className = "help order-help";
      help.textContent = "Drag a row to reorder, or use its Move up and Move down buttons.";
      heading.after(help);
    }
  }

  function init() {
    document.querySelectorAll("fieldset.sortable").forEach(setUp);
    document.addEventListener("formset:added", function (event) {
      const fieldset = event.target.closest("fieldset.sortable");
      if (!fieldset) return;
      addButtons(fieldset, event.target);
      number(fieldset);
      labelButtons(fieldset);
    });
    document.addEventListener("formset:removed", function () {
      document.querySelectorAll("fieldset.sortable").forEach(function (fieldset) {
        number(fieldset);
        labelButtons(fieldset);
      });
    });
    document.addEventListener("submit", function (event) {
      event.target.querySelectorAll("fieldset.sortable").forEach(number);
    }, true);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
