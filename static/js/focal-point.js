// The admin's focal-point editor: a click on the picture fills in its two focal-point fields
// (0 to 1 from the left and the top) and moves the marker; typing in the fields moves it too.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const editor of document.querySelectorAll(".focal-point")) {
    const x = document.getElementById(editor.dataset.focusX);
    const y = document.getElementById(editor.dataset.focusY);
    const frame = editor.querySelector(".focal-point-frame");
    const marker = editor.querySelector(".focal-point-marker");
    if (!x || !y || !frame || !marker) continue;
    const place = () => {
      marker.style.left = `${(parseFloat(x.value) || 0) * 100}%`;
      marker.style.top = `${(parseFloat(y.value) || 0) * 100}%`;
    };
    frame.addEventListener("click", (event) => {
      const box = frame.getBoundingClientRect();
      const round = (value) => Math.min(1, Math.max(0, value)).toFixed(2);
      x.value = round((event.clientX - box.left) / box.width);
      y.value = round((event.clientY - box.top) / box.height);
      place();
    });
    x.addEventListener("input", place);
    y.addEventListener("input", place);
    place();
  }
});
