/*
 * finsam.js — small enhancements of the web application. Every form works
 * without it; this only adds conveniences (a confirmation before a
 * destructive action, live sums of number fields).
 */
"use strict";
document.addEventListener("DOMContentLoaded", function () {
	/* <form data-bekrafta="Text?">: ask before submitting. */
	document.querySelectorAll("form[data-bekrafta]").forEach(function (f) {
		f.addEventListener("submit", function (e) {
			if (!window.confirm(f.getAttribute("data-bekrafta")))
				e.preventDefault();
		});
	});
	/* <output data-summa="name-prefix">: the live sum of the number
	 * fields whose name starts with the prefix (whole kronor). */
	document.querySelectorAll("output[data-summa]").forEach(function (out) {
		var prefix = out.getAttribute("data-summa");
		var form = out.closest("form");
		if (!form)
			return;
		function parse(v) {
			v = v.replace(/[\s\u00a0\u202f]/g, "").replace("\u2212", "-").replace(",", ".");
			var n = Number(v);
			return isFinite(n) ? n : NaN;
		}
		function update() {
			var sum = 0, ok = true;
			form.querySelectorAll("input").forEach(function (i) {
				if (i.name.indexOf(prefix) !== 0 || i.value.trim() === "")
					return;
				var n = parse(i.value);
				if (isNaN(n))
					ok = false;
				else
					sum += n;
			});
			out.textContent = ok ? Math.round(sum).toLocaleString("sv-SE") : "–";
		}
		form.addEventListener("input", update);
		update();
	});
});
