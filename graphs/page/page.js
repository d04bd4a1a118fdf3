/*
 * page.js - vmalab html's page: draws a step of the recorded run (the
 * JSON in #vmalab-run, written by graphs/html.c) and moves through the
 * run with the stepper's keys (tui/nav.c, ported: the same moves over the
 * same step table).
 *
 * window.vmalab is what tests/html/browser.js reads: the step shown
 * (from 0), openMs (navigation start to the first step drawn) and keyMs
 * (the last key's handling and drawing, before the browser paints).
 */
"use strict";

/*
 * The figures are deflated and in base64 (graphs/html.c), each on its
 * own: the browser's DecompressionStream inflates the one a step shows
 * when it is first shown, and the rest in the background after the page
 * has opened.
 */
function vmalabInflate(b64) {
	var bin = atob(b64), bytes = new Uint8Array(bin.length), i;
	for (i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
	return new Response(new Response(bytes).body.pipeThrough(
	    new DecompressionStream("deflate"))).text();
}

(function (R) {
	var N = R.nsteps, D = R.d, F = R.f, L = R.l, FL = R.fl, V = R.v;
	var DECIDE = 1, TAKEN = 2;
	var $ = function (id) { return document.getElementById(id); };
	var st = {
		step: 0, bps: {}, answered: {}, right: 0, asked: 0,
		msg: "", msgClass: "", fig: -2, listing: -2, zoom: 0
	};
	var zooms = ["fit", 0.5, 0.75, 1, 1.5];
	var listingEls = {};

	/*
	 * The page's language (vmalab html --lang): R.text maps an English
	 * text of the page to its translation (graphs/html-text.c). An
	 * English page has no R.text, and every text stays as written.
	 */
	var T = R.text || {};
	function tr(s) {
		return Object.prototype.hasOwnProperty.call(T, s) ? T[s] : s;
	}

	/* The fixed texts of page.html: text nodes, titles, aria-labels. */
	function translatePage() {
		var w, n, s, els, i, k, a = ["title", "aria-label"];
		if (!R.text) return;
		w = document.createTreeWalker(document.body,
		    NodeFilter.SHOW_TEXT);
		while ((n = w.nextNode()) !== null) {
			if (n.parentNode.nodeName === "SCRIPT") continue;
			s = n.nodeValue.trim();
			if (s !== "" && tr(s) !== s)
				n.nodeValue = n.nodeValue.replace(s, tr(s));
		}
		els = document.body.querySelectorAll("[title], [aria-label]");
		for (i = 0; i < els.length; i++)
			for (k = 0; k < a.length; k++) {
				s = els[i].getAttribute(a[k]);
				if (s && tr(s) !== s) els[i].setAttribute(a[k], tr(s));
			}
	}

	function esc(s) {
		return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;")
		    .replace(/>/g, "&gt;").replace(/"/g, "&quot;");
	}

	/* ---- moving (tui/nav.c) ---------------------------------------- */

	function isBp(i) {
		return F[i] >= 0 && st.bps[F[i] + ":" + L[i]] === true;
	}

	/* The first step after (dir 1) or before (-1) `from` that fits. */
	function find(from, dir, maxdepth, bp) {
		var i = from;
		for (;;) {
			if (dir > 0) {
				if (i + 1 >= N) return -1;
				i++;
			} else {
				if (i === 0) return -1;
				i--;
			}
			if (bp ? isBp(i) : D[i] <= maxdepth) return i;
		}
	}

	function move(mv, back) {
		var cur = st.step, last = N - 1, dir = back ? -1 : 1;
		var d = D[cur], to = cur, why = null, f;
		var edge = back ? tr("at the first step") :
		    tr("at the last step");

		switch (mv) {
		case "s":
			f = find(cur, dir, 255, false);
			if (f < 0) why = edge; else to = f;
			break;
		case "n":
			/* At a system call there is nothing to step over. */
			f = find(cur, dir, d === 0 ? 255 : d, false);
			if (f < 0) {
				to = back ? 0 : last;
				if (to === cur) why = edge;
			} else to = f;
			break;
		case "f":
			if (d === 0) {
				why = tr("not in a function: use [ and ] for " +
				    "system calls");
				break;
			}
			f = find(cur, dir, d - 1, false);
			if (f < 0) {
				to = back ? 0 : last;
				if (to === cur) why = edge;
			} else to = f;
			break;
		case "c":
			f = find(cur, dir, 0, true);
			if (f < 0) {
				to = back ? 0 : last;
				why = back ? tr("no breakpoint before: at the " +
				    "first step") : tr("no breakpoint ahead: at " +
				    "the last step");
			} else to = f;
			break;
		}
		return { to: to, why: why };
	}

	function syscallStep(dir) {
		var op = V[st.step][11], ops = R.ops;
		if (dir > 0)
			return op + 1 < ops.length ? ops[op + 1].first : N - 1;
		if (st.step > ops[op].first) return ops[op].first;
		return op > 0 ? ops[op - 1].first : 0;
	}

	/* ---- predictions ------------------------------------------------- */

	function pending() {
		return R.predict && (FL[st.step] & DECIDE) !== 0 &&
		    !st.answered[st.step];
	}

	function answer(taken) {
		var s = st.step, was = (FL[s] & TAKEN) !== 0;
		var dec = R.decs[V[s][3]], right = was === taken;
		st.answered[s] = true;
		st.asked++;
		if (right) st.right++;
		say((right ? tr("right: ") : tr("wrong: ")) + (was ?
		    tr("TAKEN. ") : tr("not taken. ")) + (dec && dec.explain ?
		    dec.explain : ""),
		    right ? "good" : "bad");
	}

	function say(text, cls) {
		st.msg = text || "";
		st.msgClass = cls || "";
	}

	/* ---- drawing ------------------------------------------------------ */

	function drawListing(v) {
		var fi = F[st.step], box = $("listing"), el, i, lst, html, cur;
		var dec = v[3] >= 0 ? R.decs[v[3]] : null;

		if (fi !== st.listing) {
			box.textContent = "";
			if (fi < 0) {
				$("fn-name").textContent = tr("system call");
				$("fn-file").textContent = "";
				el = document.createElement("p");
				el.className = "call";
				box.appendChild(el);
			} else {
				lst = R.listings[fi];
				$("fn-name").textContent = lst.name;
				$("fn-file").textContent = lst.file;
				if (!listingEls[fi]) {
					html = [];
					for (i = 0; i < lst.lines.length; i++)
						html.push("<li data-line=\"" +
						    (i + 1) + "\"><span " +
						    "class=\"n\">" + (i + 1) +
						    "</span><code>" +
						    esc(lst.lines[i]) +
						    "</code></li>");
					el = document.createElement("ol");
					el.setAttribute("aria-label",
					    tr("listing of ") + lst.name);
					el.innerHTML = html.join("");
					listingEls[fi] = el;
				}
				box.appendChild(listingEls[fi]);
			}
			st.listing = fi;
		}
		if (fi < 0) {
			box.firstChild.textContent = R.ops[v[11]].text;
			return;
		}
		el = listingEls[fi];
		cur = el.querySelector("li.cur");
		if (cur) {
			cur.classList.remove("cur");
			cur.removeAttribute("aria-current");
			var extra = cur.querySelectorAll(".outcome, .vals");
			for (i = 0; i < extra.length; i++) extra[i].remove();
		}
		var bpl = el.querySelectorAll("li.bp");
		for (i = 0; i < bpl.length; i++) bpl[i].classList.remove("bp");
		for (var k in st.bps)
			if (st.bps[k] && k.split(":")[0] === String(fi))
				el.children[+k.split(":")[1] - 1].classList
				    .add("bp");
		cur = el.children[L[st.step] - 1];
		if (!cur) return;
		cur.classList.add("cur");
		cur.setAttribute("aria-current", "step");
		if (dec) {
			var o = document.createElement("span"), p = pending();
			o.className = "outcome " + (p ? "ask" : dec.out ?
			    "taken" : "nottaken");
			o.textContent = p ? "?" : dec.out ? tr("TAKEN") :
			    tr("not taken");
			cur.appendChild(o);
			if (dec.vals) {
				var vs = document.createElement("span");
				vs.className = "vals";
				vs.textContent = "\u2514\u2500 " + dec.vals;
				cur.appendChild(vs);
			}
		}
		st.scrollListing = cur;
	}

	function drawDecision(v) {
		var dec = v[3] >= 0 ? R.decs[v[3]] : null, h = [];
		if (!dec) {
			$("decision").innerHTML = "<p class=\"dim\">" +
			    esc(tr("no decision on this line")) + "</p>";
			return;
		}
		if (dec.id) h.push("<p class=\"id\">" + esc(dec.id) + "</p>");
		h.push("<p><code>" + esc(dec.cond || "") + "</code></p>");
		if (pending()) {
			h.push("<p class=\"ask\"><strong>" + esc(tr("Taken?")) +
			    "</strong> " + esc(tr("press y or n")) + "</p>");
		} else {
			h.push("<p class=\"" + (dec.out ? "taken" :
			    "nottaken") + "\"><strong>" + (dec.out ?
			    tr("TAKEN") : tr("not taken")) + "</strong></p>");
			if (dec.explain)
				h.push("<p>" + (dec.out || dec.own ? "" :
				    esc(tr("Taken means: "))) +
				    esc(dec.explain) + "</p>");
		}
		if (dec.vals) h.push("<p class=\"dim\"><code>" +
		    esc(dec.vals) + "</code></p>");
		if (dec.kernel) h.push("<p class=\"dim\">" +
		    esc(tr("kernel listing: ")) +
		    esc(dec.kernel) + "</p>");
		$("decision").innerHTML = h.join("");
	}

	function drawStack(v) {
		var s = R.stacks[v[1]], h = [], i;
		if (s.length === 0) {
			$("stack").innerHTML = "<li class=\"dim\">" +
			    esc(tr("the system call itself")) + "</li>";
			return;
		}
		for (i = 0; i < s.length; i++)
			h.push("<li" + (i === s.length - 1 ?
			    " class=\"inner\" aria-current=\"true\"" : "") +
			    ">" + esc(s[i]) + "</li>");
		$("stack").innerHTML = h.join("");
	}

	function drawLocals(v) {
		var lo = R.locals[v[2]], h = [], i, l;
		$("locals-of").textContent = lo.of ? ": " +
		    lo.of.replace(/\(.*$/, "") : "";
		for (i = 0; i < lo.l.length; i++) {
			l = lo.l[i];
			h.push("<tr class=\"" + (l[2] ? "changed " : "") +
			    (l[3] ? "arg" : "") + "\"><td>" + (l[2] ?
			    "<span aria-label=\"" + esc(tr("changed")) +
			    "\">*</span>" : "") +
			    "</td><td class=\"name\">" + esc(l[0]) +
			    "</td><td class=\"value\">" + esc(l[1]) +
			    "</td></tr>");
		}
		if (lo.l.length === 0)
			h.push("<tr><td></td><td colspan=\"2\" class=\"dim\">" +
			    esc(lo.of ? tr("none yet") : tr("none")) +
			    "</td></tr>");
		$("locals").tBodies[0].innerHTML = h.join("");
	}

	function drawOps(v) {
		var op = v[11], ops = R.ops, h = [], i, o, done, res;
		var finished = st.step + 1 === ops[op].first + ops[op].n;
		for (i = 0; i < ops.length; i++) {
			o = ops[i];
			done = i < op || (i === op && finished);
			res = "";
			if (o.result === null)
				res = "<span class=\"res dim\">" +
				    esc(tr("skipped")) + "</span>";
			else if (done && o.bad)
				res = "<span class=\"res bad\">= " +
				    esc(o.result) + " \u2717 " +
				    esc(tr("expected")) + " " +
				    esc(o.expect) + "</span>";
			else if (done)
				res = "<span class=\"res\">= " + esc(o.result) +
				    (o.expect !== null ? " <span class=\"good\"" +
				    " aria-label=\"" + esc(tr("as expected")) +
				    "\">\u2713</span>" :
				    "") + "</span>";
			else if (o.expect !== null)
				res = "<span class=\"res\">(" +
				    esc(tr("expected")) + " " +
				    esc(o.expect) + ")</span>";
			h.push("<li class=\"" + (i === op ? "cur" : i > op ?
			    "todo" : "") + "\"" + (i === op ?
			    " aria-current=\"step\"" : "") + "><code>" +
			    esc(o.text) + "</code>" + res + "</li>");
		}
		$("ops").innerHTML = h.join("");
		st.scrollOps = $("ops").children[op];
	}

	/*
	 * Keeps the current line and call in view within their panes,
	 * never moving the page. Done once after drawing: reading a
	 * position makes the browser lay the page out, and one layout per
	 * key is enough.
	 */
	function scrollPanes() {
		var pairs = [[st.scrollListing, $("listing"), 3],
		    [st.scrollOps, $("ops"), 2]], i, el, box, top;
		for (i = 0; i < pairs.length; i++) {
			el = pairs[i][0];
			box = pairs[i][1];
			if (!el || !box.contains(el)) continue;
			top = el.offsetTop - box.offsetTop;
			if (top < box.scrollTop || top + el.offsetHeight >
			    box.scrollTop + box.clientHeight)
				box.scrollTop = top - box.clientHeight /
				    pairs[i][2];
		}
		st.scrollListing = st.scrollOps = null;
	}

	/* The address space bar: blocks of VMAs and gaps, log widths. */
	function drawSpace(v) {
		var sp = R.spaces[v[6]], W = 1000, segs = [], pos = 0, i, s;
		var task = parseInt(sp.task_size, 16), total = 0, x = 0;
		var here = v[7] !== null ? parseInt(v[7], 16) : -1;
		for (i = 0; i < sp.v.length; i++) {
			var a = parseInt(sp.v[i][0], 16),
			    b = parseInt(sp.v[i][1], 16);
			if (a > pos) segs.push({ lo: pos, hi: a, vma: false });
			s = segs[segs.length - 1];
			if (s && s.vma && s.hi === a) {
				s.hi = b;
				s.names.push(sp.v[i][2]);
				s.starts.push(a);
			} else segs.push({ lo: a, hi: b, vma: true,
			    names: [sp.v[i][2]], starts: [a] });
			pos = b;
		}
		if (pos < task) segs.push({ lo: pos, hi: task, vma: false });
		for (i = 0; i < segs.length; i++) {
			segs[i].wt = Math.log2(Math.max(1, (segs[i].hi -
			    segs[i].lo) / 4096)) + 1;
			total += segs[i].wt;
		}
		function col(addr) {
			for (var k = 0; k < segs.length; k++)
				if (addr >= segs[k].lo && (addr < segs[k].hi ||
				    k === segs.length - 1))
					return segs[k].x + segs[k].w *
					    Math.min(1, (addr - segs[k].lo) /
					    (segs[k].hi - segs[k].lo));
			return -1;
		}
		var h = ["<svg xmlns=\"http://www.w3.org/2000/svg\" " +
		    "viewBox=\"0 0 " + W + " 54\" role=\"img\" " +
		    "aria-labelledby=\"space-h\">"];
		for (i = 0; i < segs.length; i++) {
			s = segs[i];
			s.w = W * s.wt / total;
			s.x = x;
			x += s.w;
			var title = s.lo.toString(16) + "-" + s.hi.toString(16) +
			    (s.vma ? " " + s.names.filter(Boolean)
			    .join(", ") : " " + tr("free"));
			h.push("<rect x=\"" + s.x.toFixed(1) + "\" y=\"4\" " +
			    "width=\"" + Math.max(0.5, s.w).toFixed(1) +
			    "\" height=\"22\" fill=\"" + (s.vma ? (i % 4 === 1 ?
			    "#37474f" : "#546e7a") : "#eceff1") + "\" stroke=" +
			    "\"#90a4ae\" stroke-width=\"0.5\"><title>" +
			    esc(title) + "</title></rect>");
		}
		if (v[8] !== null) {
			var c0 = col(parseInt(v[8], 16)),
			    c1 = col(parseInt(v[9], 16));
			h.push("<rect x=\"" + c0.toFixed(1) + "\" y=\"2\" " +
			    "width=\"" + Math.max(2, c1 - c0).toFixed(1) +
			    "\" height=\"26\" fill=\"#2e7d32\" " +
			    "fill-opacity=\"0.45\"><title>" +
			    esc(tr("the gap the search looks at: ")) + v[8] +
			    "-" + v[9] +
			    "</title></rect>");
		}
		function mark(addr, label, color, y) {
			var c = col(addr);
			if (c < 0) return;
			h.push("<path d=\"M" + c.toFixed(1) + " 28 l-5 9 h10 z\"" +
			    " fill=\"" + color + "\"/><text x=\"" +
			    Math.min(W - 4, Math.max(4, c)).toFixed(1) +
			    "\" y=\"" + y + "\" font-size=\"12\" text-anchor=" +
			    "\"middle\" fill=\"" + color + "\">" + label +
			    "</text>");
		}
		mark(parseInt(sp.brk, 16), "brk", "#1a1a1a", 50);
		mark(parseInt(sp.mmap_base, 16), "mmap_base", "#1a1a1a", 50);
		if (here >= 0) mark(here, esc(tr("search")), "#1d4ed8", 50);
		h.push("</svg>");
		$("space").innerHTML = h.join("");
		$("space-info").textContent = "brk " + sp.brk + ", mmap_base " +
		    sp.mmap_base + ", " + sp.v.length + " " + tr("VMAs");
	}

	/* Figure i as SVG text: at once when inflated, else a promise. */
	var figs = {}, figWait = {};
	function figure(i) {
		if (figs[i] !== undefined) return figs[i];
		if (!figWait[i])
			figWait[i] = vmalabInflate(R.figs[i]).then(function (svg) {
				figs[i] = svg;
				return svg;
			});
		return figWait[i];
	}

	function drawTree(v) {
		var fig = pending() && v[5] >= 0 ? v[5] : v[4], svg;
		if (fig !== st.fig) {
			svg = figure(fig);
			if (typeof svg !== "string") {
				/* Drawn when inflated, if still wanted. */
				document.documentElement.setAttribute("data-busy",
				    "1");
				svg.then(function () {
					if (st.want === fig) drawTree(V[st.step]);
				});
				st.want = fig;
				return false;
			}
			$("tree").innerHTML = svg;
			st.fig = fig;
			st.zoomed = -1;
		}
		st.want = fig;
		treeMarks(v);
		document.documentElement.removeAttribute("data-busy");
		return true;
	}

	function treeMarks(v) {
		var box = $("tree"), z = zooms[st.zoom], svg, nodes, i, t;
		svg = box.querySelector("svg");
		if (svg && st.zoomed !== st.zoom) {
			if (!svg.dataset.w)
				svg.dataset.w = parseFloat(svg.getAttribute(
				    "width"));
			box.className = z === "fit" ? "fit" : "";
			svg.style.width = z === "fit" ? "" :
			    (svg.dataset.w * z * 4 / 3) + "px";
			st.zoomed = st.zoom;
		}
		t = box.querySelector(".vl-here");
		if (t) t.classList.remove("vl-here");
		if (v[7] !== null) {
			nodes = box.querySelectorAll("g.node > title");
			for (i = 0; i < nodes.length; i++)
				if (nodes[i].textContent === "v" + v[7]) {
					nodes[i].parentNode.classList.add(
					    "vl-here");
					break;
				}
		}
		var len = parseInt(v[10], 16);
		$("tree-info").textContent = (len > 0 ? tr("length ") + "0x" +
		    v[10] + ", " : "") + (v[7] !== null ?
		    tr("the search is at ") + v[7] : tr("no search here"));
	}

	function draw() {
		var v = V[st.step], p = pending(), dec = v[3] >= 0 ?
		    R.decs[v[3]] : null, what, line2, cls = "";
		$("step-now").textContent = st.step + 1;
		$("op-now").textContent = v[11] + 1;
		if (dec && dec.id)
			what = dec.id + " " + (p ? "?" : dec.out ? tr("TAKEN") :
			    tr("not taken"));
		else if (dec)
			what = dec.cond;
		else
			what = R.strs[v[0]];
		$("what").textContent = what;
		$("score").textContent = R.predict ? tr("predict ") + st.right +
		    "/" + st.asked : "";
		if (st.msg) {
			line2 = st.msg;
			cls = st.msgClass;
		} else if (p) {
			line2 = tr("predict: will this branch be taken? press y " +
			    "or n");
			cls = "ask";
		} else if (dec && dec.explain) {
			line2 = dec.out || dec.own ? dec.explain :
			    tr("not taken; taken means: ") + dec.explain;
		} else {
			line2 = tr("n next  s step  f finish  c continue  N S F C " +
			    "back  space break  g go  [ ] calls  ? help");
		}
		$("line2").textContent = line2;
		$("line2").className = cls;
		$("predict").hidden = !p;
		$("slider").value = st.step + 1;
		$("slider").setAttribute("aria-valuetext", tr("step") + " " +
		    (st.step + 1) + " " + tr("of") + " " + N);
		drawListing(v);
		drawDecision(v);
		drawStack(v);
		drawLocals(v);
		drawOps(v);
		drawSpace(v);
		window.vmalab.step = st.step;
		var done = drawTree(v);
		scrollPanes();
		return done;
	}

	/* ---- keys ------------------------------------------------------- */

	function go(to) {
		st.step = Math.max(0, Math.min(N - 1, to));
	}

	function breakpoint() {
		var fi = F[st.step], k;
		if (fi < 0) {
			say(tr("no listing here to set a breakpoint in: step " +
			    "into a function first"));
			return;
		}
		toggleBp(fi, L[st.step]);
	}

	function toggleBp(fi, line) {
		var k = fi + ":" + line, name = R.listings[fi].name;
		st.bps[k] = !st.bps[k];
		say((st.bps[k] ? tr("breakpoint set at ") :
		    tr("breakpoint removed from ")) + name + ":" + line);
	}

	/* Handles one key of the stepper; returns false for others. A
	 * button's "n" is Next, never an answer: the answers have their
	 * own buttons. */
	function key(k, button) {
		var m;
		if (!$("help").hidden) {
			$("help").hidden = true;
			return true;
		}
		st.msg = "";
		if (k === "answer-y" || k === "answer-n") {
			if (pending()) answer(k === "answer-y");
			return true;
		}
		if (pending() && (k === "y" || (k === "n" && !button))) {
			answer(k === "y");
			return true;
		}
		switch (k) {
		case "n": case "s": case "f": case "c":
			if (pending()) {
				say(tr("predict first: y (taken) or n (not taken)"),
				    "ask");
				return true;
			}
			/* fall through */
		case "N": case "S": case "F": case "C":
			m = move(k.toLowerCase(), k !== k.toLowerCase());
			go(m.to);
			if (m.why) say(m.why);
			return true;
		case "[":
			go(syscallStep(-1));
			return true;
		case "]":
			if (pending()) {
				say(tr("predict first: y (taken) or n (not taken)"),
				    "ask");
				return true;
			}
			go(syscallStep(1));
			return true;
		case " ":
			breakpoint();
			return true;
		case "g":
			$("goto-step").focus();
			$("goto-step").select();
			return true;
		case "+": case "=":
			st.zoom = Math.min(zooms.length - 1, st.zoom + 1);
			return true;
		case "-":
			st.zoom = Math.max(0, st.zoom - 1);
			return true;
		case "?":
			$("help").hidden = false;
			$("help-close").focus();
			return true;
		}
		return false;
	}

	function press(k, button) {
		var t0 = performance.now();
		if (!key(k, button)) return false;
		draw();
		window.vmalab.keyMs = performance.now() - t0;
		return true;
	}

	document.addEventListener("keydown", function (e) {
		var t = e.target, tag = t && t.tagName;
		if (e.ctrlKey || e.altKey || e.metaKey) return;
		if (e.key === "Escape" && !$("help").hidden) {
			press("Escape");
			e.preventDefault();
			return;
		}
		/* A field takes its own typing; buttons their Space/Enter. */
		if (tag === "INPUT" && t.type !== "range") return;
		if ((tag === "BUTTON" || tag === "A") && (e.key === " " ||
		    e.key === "Enter")) return;
		if (tag === "INPUT" && /^Arrow|^Page|^Home$|^End$/.test(e.key))
			return;
		if (e.key.length !== 1 && $("help").hidden) return;
		if (press(e.key)) e.preventDefault();
	});

	function clicked(e) {
		var b = e.target.closest("button[data-key]");
		if (b) press(b.getAttribute("data-key"), true);
	}
	$("controls").addEventListener("click", clicked);
	$("tree-pane").addEventListener("click", clicked);
	$("help-close").addEventListener("click", function () {
		$("help").hidden = true;
	});
	$("goto").addEventListener("submit", function (e) {
		var n = parseInt($("goto-step").value, 10);
		e.preventDefault();
		st.msg = "";
		if (!(n >= 1)) say(tr("go to step: expected a number from 1 " +
		    "to ") + N, "bad");
		else go(n - 1);
		draw();
		$("goto-step").blur();
	});
	$("goto-step").addEventListener("keydown", function (e) {
		if (e.key === "Escape") $("goto-step").blur();
	});
	$("slider").addEventListener("input", function () {
		var t0 = performance.now();
		st.msg = "";
		go(parseInt($("slider").value, 10) - 1);
		draw();
		window.vmalab.keyMs = performance.now() - t0;
	});
	$("listing").addEventListener("click", function (e) {
		var li = e.target.closest("li[data-line]");
		if (!li || F[st.step] < 0) return;
		toggleBp(F[st.step], +li.getAttribute("data-line"));
		draw();
	});

	window.vmalab = { step: 0, keyMs: 0, openMs: 0, press: press,
	    figsMs: 0 };
	translatePage();
	document.title = "vmalab: " + R.title;
	$("title").textContent = R.title;
	$("step-total").textContent = N;
	$("op-total").textContent = R.ops.length;
	$("slider").max = N;
	$("goto-step").max = N;
	/* Open: the first step drawn, its tree included; then the other
	 * figures, one after the other, so that keys find them ready. */
	function opened() {
		var i = 0;
		window.vmalab.openMs = performance.now();
		document.documentElement.setAttribute("data-ready", "1");
		(function next() {
			if (i === R.figs.length) {
				window.vmalab.figsMs = performance.now();
				return;
			}
			Promise.resolve(figure(i++)).then(next);
		})();
	}
	if (draw())
		opened();
	else
		figure(st.want).then(function () {
			drawTree(V[st.step]);
			opened();
		});
})(JSON.parse(document.getElementById("vmalab-run").textContent));
