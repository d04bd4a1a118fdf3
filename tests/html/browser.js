// tests/html/browser.js - drives vmalab html's page in Debian's chromium
// (headless, through puppeteer-core) for tests/html.sh; prints TAP lines.
//
//   node browser.js check CASES.json   compare with vmalab step --dump
//   node browser.js a11y PAGE PREDICT-PAGE SHOT.png
//   node browser.js bench PAGE [RUNS]   print the page's times
//
// CASES.json: {"page": FILE, "cases": [{"keys": [...], "dump": FILE,
// "name": ...}]}. A key is a key name for page.keyboard.press ("n",
// "Enter", "Space") or {"type": "300"}.
"use strict";
const fs = require("fs");
const path = require("path");

let puppeteer;
try {
	puppeteer = require("puppeteer-core");
} catch (e) {
	console.log("1..0 # SKIP puppeteer-core is not installed (./setup " +
	    "runs npm ci): " + e.message.split("\n")[0]);
	process.exit(77);
}

const chromium = process.env.CHROMIUM || "/usr/bin/chromium";
let n = 0, failed = 0;

function ok(cond, desc, diag) {
	n++;
	if (cond) {
		console.log(`ok ${n} - ${desc}`);
		return true;
	}
	failed++;
	console.log(`not ok ${n} - ${desc}`);
	if (diag)
		for (const l of String(diag).split("\n"))
			console.log(`# ${l}`);
	return false;
}

async function launch() {
	return puppeteer.launch({
		executablePath: chromium,
		headless: true,
		args: ["--no-sandbox", "--disable-gpu", "--no-first-run",
		    "--disable-extensions", "--disable-dev-shm-usage"],
	});
}

// Opens a page from disk; every request that is not the file itself is
// counted and refused: the page must need no network.
async function open(browser, file, vp) {
	const page = await browser.newPage();
	const url = "file://" + path.resolve(file);
	const foreign = [];
	const errors = [];
	await page.setViewport(vp || { width: 1400, height: 1000 });
	await page.setRequestInterception(true);
	page.on("request", (r) => {
		if (r.url() === url || r.url().startsWith("data:"))
			r.continue();
		else {
			foreign.push(r.url());
			r.abort();
		}
	});
	page.on("pageerror", (e) => errors.push(String(e)));
	page.on("console", (m) => {
		if (m.type() === "error") errors.push(m.text());
	});
	const t0 = Date.now();
	await page.goto(url, { waitUntil: "load" });
	await page.waitForSelector("html[data-ready='1']", { timeout: 20000 });
	return { page, foreign, errors, wall: Date.now() - t0 };
}

async function press(page, keys) {
	for (const k of keys) {
		if (typeof k === "object")
			await page.keyboard.type(k.type);
		else
			await page.keyboard.press(k);
	}
}

// ---- the stepper's screen, as --dump prints it -------------------------

// Splits the dump into the text left and right of the panes' rule.
function halves(line) {
	const i = line.indexOf("\u2502");
	return i < 0 ? [line, ""] : [line.slice(0, i), line.slice(i + 1)];
}

function parseDump(text) {
	const lines = text.split("\n");
	const out = { line: null, step: null, total: null, locals: [],
	    here: null, predict: null };
	let inLocals = false, inTree = false;
	for (const raw of lines) {
		const [left, right] = halves(raw);
		let m;
		if ((m = raw.match(/^ step (\d+)(?: of |\/)(\d+)/))) {
			out.step = +m[1];
			out.total = +m[2];
			if ((m = raw.match(/predict (\d+)\/(\d+)/)))
				out.predict = [+m[1], +m[2]];
		}
		if (out.line === null && !inTree &&
		    (m = left.match(/^ ?\S?\u25b6\s*(\d+) /)))
			out.line = +m[1];
		if (/^ locals/.test(right)) {
			inLocals = true;
			continue;
		}
		if (inLocals) {
			if ((m = right.match(/^([ *])(\S+)\s+(\S.*?)\s*$/)) &&
			    !/^ (none|scenario)/.test(right))
				out.locals.push({ changed: m[1] === "*",
				    name: m[2], value: m[3] });
			else
				inLocals = false;
		}
		if (/^ rbtree:/.test(raw))
			inTree = true;
		// Tree rows draw their branches with the rule's character:
		// read the whole line.
		if (inTree && (m = raw.match(/^>[^RB]*[RB] ([0-9a-f]+)/)))
			out.here = m[1];
	}
	return out;
}

// ---- what the page shows --------------------------------------------------

async function pageState(page) {
	// A figure not inflated yet is drawn a moment later.
	await page.waitForSelector("html:not([data-busy])", { timeout: 10000 });
	return page.evaluate(() => {
		const cur = document.querySelector("#listing li.cur");
		const rows = [...document.querySelectorAll("#locals tbody tr")]
		    .filter((r) => r.querySelector("td.name"));
		const here = document.querySelector("#tree .vl-here > title");
		// The node Graphviz itself draws with the blue "here" border.
		let blue = null;
		for (const p of document.querySelectorAll(
		    "#tree g.node path, #tree g.node polygon"))
			if (p.getAttribute("stroke") === "#1e88e5") {
				blue = p.closest("g.node")
				    .querySelector("title").textContent;
				break;
			}
		const sc = document.getElementById("score").textContent;
		const m = sc.match(/predict (\d+)\/(\d+)/);
		return {
			step: +document.getElementById("step-now").textContent,
			total: +document.getElementById("step-total")
			    .textContent,
			line: cur ? +cur.getAttribute("data-line") : null,
			locals: rows.map((r) => ({
				changed: r.classList.contains("changed"),
				name: r.querySelector("td.name").textContent,
				value: r.querySelector("td.value").textContent,
			})),
			here: here ? here.textContent.replace(/^v/, "") : null,
			blue: blue ? blue.replace(/^v/, "") : null,
			predict: m ? [+m[1], +m[2]] : null,
			internal: window.vmalab.step + 1,
		};
	});
}

async function check(casesFile) {
	const spec = JSON.parse(fs.readFileSync(casesFile, "utf8"));
	const browser = await launch();
	try {
		for (const c of spec.cases) {
			const { page, foreign, errors } = await open(browser,
			    c.page || spec.page);
			await press(page, c.keys);
			const got = await pageState(page);
			const want = parseDump(fs.readFileSync(c.dump, "utf8"));
			const name = c.name;
			ok(want.step !== null && got.step === want.step &&
			    got.total === want.total && got.internal ===
			    want.step, `${name}: step ${want.step} of ` +
			    `${want.total}`, `page: ${got.step} of ${got.total}`);
			ok(got.line === want.line, `${name}: current line ` +
			    `${want.line}`, `page: ${got.line}`);
			const wl = JSON.stringify(want.locals),
			    gl = JSON.stringify(got.locals);
			ok(wl === gl, `${name}: locals (${want.locals.length})`,
			    `dump: ${wl}\npage: ${gl}`);
			ok(got.here === want.here, `${name}: the tree's ` +
			    `highlighted node ${want.here}`, `page: ${got.here}`);
			if (c.blue)
				ok(got.blue === want.here, `${name}: Graphviz's ` +
				    `blue "here" node is ${want.here}`,
				    `page: ${got.blue}`);
			if (want.predict !== null)
				ok(JSON.stringify(got.predict) ===
				    JSON.stringify(want.predict), `${name}: ` +
				    `predict score ${want.predict.join("/")}`,
				    `page: ${got.predict}`);
			ok(foreign.length === 0 && errors.length === 0,
			    `${name}: no network request, no script error`,
			    foreign.concat(errors).join("\n"));
			if (c.shot) {
				await page.screenshot({ path: c.shot,
				    fullPage: true });
				ok(fs.statSync(c.shot).size > 10000,
				    `${name}: screenshot ${path.basename(c.shot)}`);
			}
			await page.close();
		}
	} finally {
		await browser.close();
	}
}

// ---- accessibility -----------------------------------------------------------

// WCAG's contrast of every text on the page against what is behind it.
const CONTRAST = () => {
	function rgb(s) {
		const m = s.match(/rgba?\(([^)]+)\)/);
		if (!m) return null;
		const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
		return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
	}
	function lum(c) {
		const f = (v) => {
			v /= 255;
			return v <= 0.03928 ? v / 12.92 :
			    Math.pow((v + 0.055) / 1.055, 2.4);
		};
		return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
	}
	function over(top, under) {
		const a = top.a;
		return { r: top.r * a + under.r * (1 - a), g: top.g * a +
		    under.g * (1 - a), b: top.b * a + under.b * (1 - a), a: 1 };
	}
	function background(el) {
		const stack = [];
		for (let e = el; e; e = e.parentElement) {
			const c = rgb(getComputedStyle(e).backgroundColor);
			if (c && c.a > 0) stack.push(c);
			if (c && c.a === 1) break;
		}
		let bg = { r: 255, g: 255, b: 255, a: 1 };
		for (let i = stack.length - 1; i >= 0; i--) bg = over(stack[i], bg);
		return bg;
	}
	const res = [];
	const walker = document.createTreeWalker(document.body,
	    NodeFilter.SHOW_TEXT);
	for (let t = walker.nextNode(); t; t = walker.nextNode()) {
		const el = t.parentElement;
		if (!t.textContent.trim() || el.closest("svg, [hidden], noscript")
		    || el.closest(".sr, .skip:not(:focus)"))
			continue;
		const cs = getComputedStyle(el);
		if (cs.visibility === "hidden" || cs.display === "none")
			continue;
		const fg = over(rgb(cs.color), background(el)), bg = background(el);
		const l1 = lum(fg), l2 = lum(bg);
		const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
		const size = parseFloat(cs.fontSize), bold = +cs.fontWeight >= 700;
		const large = size >= 24 || (bold && size >= 18.66);
		res.push({ text: t.textContent.trim().slice(0, 30), ratio,
		    need: large ? 3 : 4.5, color: cs.color,
		    bg: `rgb(${bg.r|0}, ${bg.g|0}, ${bg.b|0})` });
	}
	return res;
};

async function contrast(page, where) {
	const res = await page.evaluate(CONTRAST);
	const bad = res.filter((r) => r.ratio < r.need);
	const min = Math.min(...res.map((r) => r.ratio));
	ok(res.length > 20 && bad.length === 0, `contrast ${where}: ` +
	    `${res.length} texts, lowest ratio ${min.toFixed(2)}:1 (>= 4.5 ` +
	    `needed)`, bad.slice(0, 10).map((r) => `${r.ratio.toFixed(2)} ` +
	    `"${r.text}" ${r.color} on ${r.bg}`).join("\n"));
	return min;
}

async function a11y(file, predictFile, shot) {
	const browser = await launch();
	try {
		let { page } = await open(browser, file);
		// Every control has a name a screen reader can say.
		const unnamed = await page.evaluate(() => {
			const bad = [];
			for (const el of document.querySelectorAll(
			    "button, input, select, textarea, [role=img]")) {
				let name = el.getAttribute("aria-label") || "";
				const by = el.getAttribute("aria-labelledby");
				if (by)
					name += by.split(" ").map((id) =>
					    (document.getElementById(id) || {})
					    .textContent || "").join(" ");
				if (el.id)
					for (const l of document.querySelectorAll(
					    `label[for="${el.id}"]`))
						name += l.textContent;
				if (el.tagName === "BUTTON")
					name += el.textContent;
				if (!name.trim())
					bad.push(el.outerHTML.slice(0, 80));
			}
			return bad;
		});
		ok(unnamed.length === 0, "every button, field and picture has " +
		    "a label", unnamed.join("\n"));
		const lang = await page.evaluate(() =>
		    document.documentElement.lang);
		ok(lang === "en", "the page says its language", lang);

		// Keyboard only: Tab reaches every control, with a visible
		// focus ring, and Enter on a focused button works.
		const seen = new Set();
		const want = await page.evaluate(() =>
		    [...document.querySelectorAll("header button, header " +
		    "input, #tree-pane button")].filter((e) =>
		    !e.closest("[hidden]")).length);
		let ring = true;
		for (let i = 0; i < 60; i++) {
			await page.keyboard.press("Tab");
			const f = await page.evaluate(() => {
				const a = document.activeElement;
				const cs = getComputedStyle(a);
				return { id: a.outerHTML.slice(0, 60),
				    tag: a.tagName, ring: cs.outlineStyle !==
				    "none" && parseFloat(cs.outlineWidth) >= 2,
				    inHeader: !!a.closest("header, #tree-pane") };
			});
			if (f.inHeader && (f.tag === "BUTTON" ||
			    f.tag === "INPUT")) {
				seen.add(f.id);
				ring = ring && f.ring;
			}
		}
		ok(seen.size === want, `Tab reaches all ${want} controls`,
		    `reached ${seen.size}`);
		ok(ring, "the focused control has a visible focus ring");
		// Focus "Step", press Enter: a step; Space on it: another.
		await page.focus("button[data-key='s']");
		await page.keyboard.press("Enter");
		await page.keyboard.press("Space");
		let s = await page.evaluate(() => window.vmalab.step);
		ok(s === 2, "Enter and Space on the focused Step button step",
		    `at step ${s + 1}`);
		// g, digits, Enter: the go-to field, by keyboard alone.
		await page.evaluate(() => document.activeElement.blur());
		await page.keyboard.press("g");
		await page.keyboard.type("120");
		await page.keyboard.press("Enter");
		s = await page.evaluate(() => window.vmalab.step);
		ok(s === 119, "g 120 Enter goes to step 120", `at ${s + 1}`);
		// The slider, by arrow keys.
		await page.focus("#slider");
		await page.keyboard.press("ArrowRight");
		s = await page.evaluate(() => window.vmalab.step);
		ok(s === 120, "Right arrow on the slider: the next step",
		    `at ${s + 1}`);
		await page.evaluate(() => document.activeElement.blur());
		await contrast(page, "at step 121");
		await page.keyboard.press("?");
		const help = await page.evaluate(() =>
		    !document.getElementById("help").hidden &&
		    document.activeElement.id === "help-close");
		ok(help, "? opens the help, focus on its Close button");
		await contrast(page, "with the help open");
		await page.keyboard.press("Escape");
		ok(await page.evaluate(() =>
		    document.getElementById("help").hidden),
		    "Escape closes the help");

		// The mouse: a click on a listing line sets the breakpoint
		// Space would (tests/html.sh's "g 300 Space ] c" gives BP_STEP).
		await page.keyboard.press("g");
		await page.keyboard.type("300");
		await page.keyboard.press("Enter");
		// The current line, as the page marks it: the one Space takes.
		const line = await page.evaluate(() => document.querySelector(
		    "#listing li[aria-current]").dataset.line);
		await page.click(`#listing li[data-line='${line}']`);
		await page.click("button[data-key=']']");
		await page.click("button[data-key='c']");
		s = await page.evaluate(() => window.vmalab.step);
		const bpStep = +process.env.BP_STEP;
		ok(bpStep > 300 && s + 1 === bpStep, `click line ${line} at step ` +
		    `300, ] and c buttons: step ${bpStep}`, `at ${s + 1}`);
		await page.close();

		({ page } = await open(browser, predictFile));
		for (const k of ["s", "s", "s"]) await page.keyboard.press(k);
		await contrast(page, "with a prediction asked");
		// The Next button does not answer; the Taken button does
		// (vmalab step --predict --keys "s s s y": predict 0/1).
		await page.click("button[data-key='n']");
		let sc = await page.evaluate(() => [window.vmalab.step,
		    document.getElementById("score").textContent,
		    document.getElementById("line2").textContent]);
		ok(sc[0] === 1 && sc[1] === "predict 0/0" &&
		    /predict first/.test(sc[2]), "predict: the Next button " +
		    "asks for an answer first", sc.join(" | "));
		await page.click("button[data-key='answer-y']");
		sc = await page.evaluate(() => [window.vmalab.step,
		    document.getElementById("score").textContent]);
		ok(sc[0] === 1 && sc[1] === "predict 0/1", "predict: the " +
		    "Taken button answers (wrong here: 0/1)", sc.join(" | "));
		await page.keyboard.press("s");
		await page.keyboard.press("S");
		await contrast(page, "with a prediction answered");
		await page.keyboard.press("g");
		await page.keyboard.type("300");
		await page.keyboard.press("Enter");
		await page.screenshot({ path: shot, fullPage: false });
		await page.close();
	} finally {
		await browser.close();
	}
}

// ---- speed ----------------------------------------------------------------

// The renderer's main-thread CPU time in a trace (thread time, not wall
// time: what the page costs whatever else the machine runs): the work of
// parsing, scripts, style, layout and paint, each counted once (an event
// inside another is not added again).
const WORK = new Set(["ParseHTML", "EvaluateScript", "FunctionCall",
    "EventDispatch", "TimerFire", "FireAnimationFrame", "RunMicrotasks",
    "UpdateLayoutTree", "Layout", "Paint", "PrePaint", "Layerize"]);

function mainCpu(trace) {
	const t = JSON.parse(Buffer.from(trace).toString()).traceEvents;
	const parse = t.find((e) => e.name === "ParseHTML");
	if (!parse) return NaN;
	const ev = t.filter((e) => e.ph === "X" && e.pid === parse.pid &&
	    e.tid === parse.tid && WORK.has(e.name) && e.tdur !== undefined)
	    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
	let cpu = 0, end = -1;
	for (const e of ev) {
		if (e.ts < end) continue;	// inside one counted already
		cpu += e.tdur;
		end = e.ts + e.dur;
	}
	return cpu / 1000;
}

async function traced(page, fn) {
	await page.tracing.start({ categories: ["devtools.timeline"] });
	await fn();
	return mainCpu(await page.tracing.stop());
}

// An empty page that says it is ready as the real one does: what any
// page costs in this browser on this machine at this moment.
const EMPTY = "<!DOCTYPE html><html lang=\"en\"><title>empty</title>" +
    "<p>empty</p><script>window.vmalab = { openMs: performance.now() };" +
    "document.documentElement.setAttribute('data-ready', '1');</script>";

async function bench(file, runs) {
	const browser = await launch();
	const size = fs.statSync(file).size;
	const open_ = [], wall = [], key = [], frame = [], figs = [];
	const parsed = [], empty = [], cpuOpen = [], cpuKey = [];
	const emptyFile = path.join(path.dirname(path.resolve(file)),
	    "empty-bench.html");
	fs.writeFileSync(emptyFile, EMPTY);
	try {
		for (let r = 0; r < runs; r++) {
			let { page, wall: w } = await open(browser, emptyFile);
			empty.push(await page.evaluate(() => window.vmalab.openMs));
			await page.close();
			({ page, wall: w } = await open(browser, file));
			wall.push(w);
			open_.push(await page.evaluate(() => window.vmalab.openMs));
			parsed.push(await page.evaluate(() => performance
			    .getEntriesByType("navigation")[0].domInteractive));
			await page.waitForFunction(() => window.vmalab.figsMs > 0,
			    { timeout: 20000 });
			figs.push(await page.evaluate(() => window.vmalab.figsMs));
			for (const k of ["s", "n", "]", "s", "s", "N", "[", "c",
			    "C", "f"]) {
				const t = await page.evaluate((k) =>
				    new Promise((res) => {
					const t0 = performance.now();
					window.vmalab.press(k);
					const handled = performance.now() - t0;
					requestAnimationFrame(() => setTimeout(
					    () => res([handled,
					    performance.now() - t0]), 0));
				    }), k);
				key.push(t[0]);
				frame.push(t[1]);
			}
			// CPU: each key, handled, drawn and painted.
			for (const k of ["s", "]", "n", "N"])
				cpuKey.push(await traced(page, async () => {
					await page.keyboard.press(k);
					await page.evaluate(() => new Promise((res) =>
					    requestAnimationFrame(() =>
					    setTimeout(res, 0))));
				}));
			await page.close();
			// CPU: opening, to the first step drawn.
			const p2 = await browser.newPage();
			cpuOpen.push(await traced(p2, async () => {
				await p2.goto("file://" + path.resolve(file));
				await p2.waitForSelector("html[data-ready='1']");
				await p2.evaluate(() => new Promise((res) =>
				    requestAnimationFrame(() => setTimeout(res, 0))));
			}));
			await p2.close();
		}
	} finally {
		await browser.close();
		fs.unlinkSync(emptyFile);
	}
	const med = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
	const max = (a) => Math.max(...a);
	console.log(`# page ${path.basename(file)}: ${(size / 1048576)
	    .toFixed(2)} MiB (bar: 5 MiB)`);
	console.log(`# open, navigation to first step drawn: median ` +
	    `${med(open_).toFixed(1)} ms, worst ${max(open_).toFixed(1)} ms ` +
	    `over ${runs} loads (bar: 100 ms); puppeteer's goto to ready: ` +
	    `median ${med(wall)} ms`);
	console.log(`#   of which the HTML parsed by: median ` +
	    `${med(parsed).toFixed(1)} ms; an empty page, same browser, same ` +
	    `moment: median ${med(empty).toFixed(1)} ms (the machine's share); ` +
	    `load average ${require("os").loadavg()[0].toFixed(1)} on ` +
	    `${require("os").cpus().length} CPUs`);
	console.log(`# main-thread CPU time (thread time from a trace, what ` +
	    `the page costs whatever else runs): open to the first step ` +
	    `drawn and painted: median ${med(cpuOpen).toFixed(1)} ms, worst ` +
	    `${max(cpuOpen).toFixed(1)} ms; a key, drawn and painted: median ` +
	    `${med(cpuKey).toFixed(1)} ms, worst ${max(cpuKey).toFixed(1)} ms ` +
	    `(bar: 100 ms)`);
	console.log(`# all figures inflated in the background by: median ` +
	    `${med(figs).toFixed(1)} ms after navigation`);
	console.log(`# key, handled and drawn: median ${med(key).toFixed(2)} ` +
	    `ms, worst ${max(key).toFixed(2)} ms; to the next frame: median ` +
	    `${med(frame).toFixed(1)} ms, worst ${max(frame).toFixed(1)} ms ` +
	    `over ${key.length} keys (bar: 100 ms)`);
}

(async () => {
	const [mode, a, b, c] = process.argv.slice(2);
	if (mode === "check")
		await check(a);
	else if (mode === "a11y")
		await a11y(a, b, c);
	else if (mode === "bench")
		await bench(a, +(b || 5));
	else {
		console.error("usage: browser.js check|a11y|bench ...");
		process.exit(2);
	}
	if (mode !== "bench")
		console.log(`1..${n}`);
	process.exit(failed ? 1 : 0);
})().catch((e) => {
	console.log(`not ok ${n + 1} - the browser test ran to its end`);
	console.log(`# ${String(e.stack || e).split("\n").join("\n# ")}`);
	console.log(`1..${n + 1}`);
	process.exit(1);
});
