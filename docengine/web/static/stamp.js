// The receive page's stamp box: drag it with the pointer, or focus it and use the arrow keys
// (Shift: 10 mm). Positions are whole millimetres from the page's top-left, written to the
// stamp_x / stamp_y fields that go with ลงรับ; the server checks them with the engine.
// No build step; event delegation, so the box htmx swaps in needs no set-up.
(function () {
  "use strict";
  function parts(box) {
    var sheet = box.closest(".stamp-sheet");
    return {sheet: sheet, x: document.getElementById("stamp-x"), y: document.getElementById("stamp-y"),
            pw: parseFloat(sheet.dataset.pageW), ph: parseFloat(sheet.dataset.pageH),
            bw: parseFloat(box.dataset.w), bh: parseFloat(box.dataset.h)};
  }
  function put(box, x, y, settled) {
    var p = parts(box);
    x = Math.round(Math.min(Math.max(x, 0), p.pw - p.bw));
    y = Math.round(Math.min(Math.max(y, 0), p.ph - p.bh));
    box.style.left = (x / p.pw * 100) + "%";
    box.style.top = (y / p.ph * 100) + "%";
    p.x.value = x;
    p.y.value = y;
    document.getElementById("stamp-where").textContent = "x " + x + " มม., y " + y + " มม.";
    if (settled) p.x.dispatchEvent(new Event("change", {bubbles: true}));  // htmx asks the server
  }
  document.addEventListener("pointerdown", function (e) {
    var box = e.target.closest && e.target.closest(".stamp-box");
    if (!box) return;
    e.preventDefault();
    box.focus();
    var p = parts(box), mm = p.pw / p.sheet.getBoundingClientRect().width;
    var sx = e.clientX, sy = e.clientY, x0 = +p.x.value, y0 = +p.y.value;
    box.setPointerCapture(e.pointerId);
    box.classList.add("dragging");
    function move(ev) { put(box, x0 + (ev.clientX - sx) * mm, y0 + (ev.clientY - sy) * mm, false); }
    function up(ev) {
      box.removeEventListener("pointermove", move);
      box.removeEventListener("pointerup", up);
      box.classList.remove("dragging");
      put(box, x0 + (ev.clientX - sx) * mm, y0 + (ev.clientY - sy) * mm, true);
    }
    box.addEventListener("pointermove", move);
    box.addEventListener("pointerup", up);
  });
  document.addEventListener("keydown", function (e) {
    var box = e.target.closest && e.target.closest(".stamp-box");
    if (!box) return;
    var step = e.shiftKey ? 10 : 1;
    var d = {ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step]}[e.key];
    if (!d) return;
    e.preventDefault();
    var p = parts(box);
    put(box, +p.x.value + d[0], +p.y.value + d[1], true);
  });
  document.addEventListener("input", function (e) {  // typed millimetres move the box too
    if (e.target.id !== "stamp-x" && e.target.id !== "stamp-y") return;
    var box = document.getElementById("stamp-box"), p = parts(box);
    if (p.x.value === "" || p.y.value === "") return;
    box.style.left = (+p.x.value / p.pw * 100) + "%";
    box.style.top = (+p.y.value / p.ph * 100) + "%";
    document.getElementById("stamp-where").textContent = "x " + p.x.value + " มม., y " + p.y.value + " มม.";
  });
  // The server's answer (the #stamp-check fragment) colours the box: red where the engine refuses it.
  document.addEventListener("htmx:afterSwap", function (e) {
    var box = document.getElementById("stamp-box");
    if (!box || !e.target || e.target.id !== "stamp-check") return;
    var refused = !!document.getElementById("stamp-refused");
    box.classList.toggle("refused", refused);
    box.setAttribute("aria-invalid", refused ? "true" : "false");
  });
  document.addEventListener("click", function (e) {
    var reset = e.target.closest && e.target.closest("#stamp-reset");
    if (!reset) return;
    put(document.getElementById("stamp-box"), +reset.dataset.x, +reset.dataset.y, true);
  });
})();
