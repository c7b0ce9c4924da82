// Progressive enhancement of the job search: apply a filter as soon as it is ticked or chosen.
// Without JavaScript the "Apply filters" button does the same.
(function () {
  "use strict";
  var form = document.getElementById("job-search");
  if (!form) { return; }
  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target.type === "checkbox" || target.tagName === "SELECT") {
      form.submit();
    }
  });
})();
