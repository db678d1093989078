// "Copy" buttons on the admin share page: copy the named field's text, and say so on the button.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    const button = event.target.closest("button.copy");
    if (!button) return;
    const source = document.getElementById(button.dataset.copy);
    if (!source) return;
    source.select();
    const done = function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy"; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(source.value).then(done, function () { button.textContent = "Press Ctrl+C"; });
    } else {
      button.textContent = "Press Ctrl+C";
    }
  });
})();
