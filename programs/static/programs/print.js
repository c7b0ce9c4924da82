// A "Print" button on the printable summary; the page prints from the browser's menu without it.
(function () {
  "use strict";
  document.querySelectorAll(".print-button").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
