// The console's only script, served by the hub and allowed by `script-src 'self'`. Pages work without
// it; it adds conveniences: print buttons, and a confirm focus for dangerous actions.
'use strict';
document.addEventListener('click', function (event) {
  var target = event.target instanceof Element ? event.target.closest('[data-print]') : null;
  if (target) {
    event.preventDefault();
    window.print();
  }
});
document.addEventListener('DOMContentLoaded', function () {
  // Print buttons are hidden until this script runs: without it they would do nothing.
  document.querySelectorAll('[data-print]').forEach(function (button) {
    button.hidden = false;
  });
  var first = document.querySelector('[data-autofocus]');
  if (first instanceof HTMLElement) first.focus();
});
