// lib.mjs: shared helpers of the browser tests — launch Debian's chromium through
// playwright-core, open pages with a clear failure when one is missing, and check each page:
// axe-core (no serious or critical violation), no horizontal overflow at 360 px, screenshot.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');

export const BASE = (process.env.PREPTALK_TEST_URL || '').replace(/\/+$/, '');
if (!BASE) {
	throw new Error('PREPTALK_TEST_URL is not set (e.g. http://127.0.0.1:8080)');
}
export const CHROMIUM = process.env.PREPTALK_CHROMIUM || '/usr/bin/chromium';
export const SHOTS = process.env.PREPTALK_SCREENSHOTS || path.join(ROOT, 'build', 'screenshots');
export const DEMO = { email: 'demo@preptalk.test', password: 'practice-makes-perfect' };
export const ADMIN = { email: 'admin@preptalk.test', password: 'admin-preptalk-2026' };

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const DESKTOP = { width: 1280, height: 900 };
const NARROW = { width: 360, height: 740 };
const TIMEOUT = Number(process.env.PREPTALK_BROWSER_TIMEOUT_MS || 20000);

fs.mkdirSync(SHOTS, { recursive: true });

// launch(): a headless chromium with a fresh profile (playwright makes a new
// --user-data-dir per launch) and the flags this machine's closed network needs.
export async function launch() {
	return chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: [
			'--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync',
		],
	});
}

// newPage(browser, opts): a page in a new context (its own cookie jar), which records
// the status of every main-frame navigation in page.lastStatus.
export async function newPage(browser, opts = {}) {
	const context = await browser.newContext({ viewport: DESKTOP, ...opts });
	const page = await context.newPage();
	page.setDefaultTimeout(TIMEOUT);
	page.setDefaultNavigationTimeout(TIMEOUT);
	page.lastStatus = 0;
	page.on('response', (res) => {
		if (res.request().isNavigationRequest() && res.frame() === page.mainFrame()) {
			page.lastStatus = res.status();
		}
	});
	page.errors = [];
	page.on('pageerror', (err) => page.errors.push(String(err)));
	return page;
}

// visit(page, urlPath, status): GET a page; fails with a clear message when it answers
// anything but the expected status (a page that is not built yet answers 404).
export async function visit(page, urlPath, status = 200) {
	const res = await page.goto(BASE + urlPath, { waitUntil: 'load' });
	assert.ok(res, `GET ${urlPath}: no response`);
	// a revalidated page (ETag, 304) is the same page as a 200
	const got = res.status() === 304 ? 200 : res.status();
	if (got !== status) {
		const h1 = await page.locator('h1').first().textContent().catch(() => '');
		assert.fail(`GET ${urlPath} answered ${got} (expected ${status})` +
			(got === 404 ? ' — is this page built yet (app/routes.c)?' : '') +
			(h1 ? `; page heading: "${h1.trim()}"` : ''));
	}
	return res;
}

// submit(page, action, what): runs action (a click that submits a form) and waits for the
// navigation it causes; asserts the final page is not an error (4xx/5xx) unless allowed.
export async function submit(page, action, what, { expect = 'ok' } = {}) {
	page.lastStatus = 0;
	await Promise.all([
		page.waitForNavigation({ waitUntil: 'load' }),
		action(),
	]);
	const st = page.lastStatus;
	if (expect === 'ok') {
		if (st >= 400) {
			const msg = await pageProblem(page);
			assert.fail(`${what}: answered ${st}${msg ? ` (${msg})` : ''} at ${page.url()}`);
		}
	} else {
		assert.equal(st, expect, `${what}: expected status ${expect}, got ${st} at ${page.url()}`);
	}
	return st;
}

// pageProblem(page): the visible error messages of a page, for failure messages.
async function pageProblem(page) {
	const texts = await page.locator('h1, .form-error, .field-error, [role=alert]').allTextContents()
		.catch(() => []);
	return texts.map((t) => t.trim()).filter(Boolean).join(' | ').slice(0, 400);
}

// link(page, name): the first visible link whose accessible name matches name; fails
// clearly when the page has none (a feature not built yet).
export async function link(page, name, scope) {
	const loc = (scope || page).getByRole('link', { name }).first();
	if (await loc.count() === 0) {
		assert.fail(`${page.url()}: no link named ${name} on the page`);
	}
	return loc;
}

// button(page, name): the first button whose accessible name matches name.
export async function button(page, name, scope) {
	const loc = (scope || page).getByRole('button', { name }).first();
	if (await loc.count() === 0) {
		assert.fail(`${page.url()}: no button named ${name} on the page`);
	}
	return loc;
}

// login(page, who): logs in through the real /login form; asserts the POST itself
// succeeded (a redirect), whatever the page it leads to answers.
export async function login(page, who) {
	await visit(page, '/login');
	await page.getByLabel('Email').fill(who.email);
	await page.getByLabel('Password', { exact: true }).fill(who.password);
	const [res] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login'),
		page.waitForNavigation({ waitUntil: 'load' }),
		page.getByRole('button', { name: 'Log in' }).click(),
	]);
	assert.ok(res.status() >= 300 && res.status() < 400,
		`log in as ${who.email}: POST /login answered ${res.status()}: ${await pageProblem(page)}`);
}

// need(value, what): fails clearly when an earlier step did not produce what this one needs.
export function need(value, what) {
	if (value === undefined || value === null || value === '') {
		assert.fail(`cannot run: ${what} (an earlier step of this file failed)`);
	}
	return value;
}

// axe(page): runs axe-core in the page; returns the serious and critical violations.
export async function axe(page) {
	const has = await page.evaluate(() => typeof window.axe !== 'undefined');
	if (!has) {
		await page.evaluate(AXE_SOURCE);
	}
	const result = await page.evaluate(async () => {
		// eslint-disable-next-line no-undef
		const r = await axe.run(document, { resultTypes: ['violations'] });
		return r.violations.map((v) => ({
			id: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 160), summary: n.failureSummary })),
		}));
	});
	return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

// overflow(page): at 360 px wide, the elements that stick out to the right.
export async function overflow(page) {
	const before = page.viewportSize();
	await page.setViewportSize(NARROW);
	try {
		return await page.evaluate(() => {
			const vw = document.documentElement.clientWidth;
			const doc = document.documentElement.scrollWidth;
			const out = [];
			if (doc > vw) {
				const name = (el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}` +
					`${typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : ''}`;
				for (const el of document.querySelectorAll('body *')) {
					const r = el.getBoundingClientRect();
					if (r.width === 0 || r.right <= vw + 1) {
						continue;
					}
					// the outermost offender of each branch, and anything positioned out of
					// its scroll container (e.g. an .sr-only text inside a wide table)
					const pos = getComputedStyle(el).position;
					const p = el.parentElement;
					const pr = p ? p.getBoundingClientRect() : null;
					if (pos === 'absolute' || pos === 'fixed' || !pr || pr.right <= vw + 1) {
						out.push(`${name(el)}${pos === 'absolute' || pos === 'fixed' ? ' (' + pos + ')' : ''} right=${Math.round(r.right)}`);
					}
				}
				if (out.length === 0) {
					// text overflowing its box (a long word, a <pre>): the deepest such element
					const over = (el) => getComputedStyle(el).overflowX === 'visible' &&
						el.getBoundingClientRect().left + el.scrollWidth > vw + 1;
					for (const el of document.querySelectorAll('body *')) {
						if (over(el) && ![...el.children].some(over)) {
							out.push(`${name(el)} (content ${el.scrollWidth}px wide)`);
						}
					}
				}
				if (out.length === 0) {
					out.push(`document is ${doc}px wide in a ${vw}px viewport`);
				}
			}
			return out;
		});
	} finally {
		await page.setViewportSize(before || DESKTOP);
	}
}

// screenshot(page, name): a full-page PNG in build/screenshots/.
export async function screenshot(page, name, suffix = '') {
	const file = path.join(SHOTS, `${name}${suffix}.png`);
	await page.screenshot({ path: file, fullPage: true });
	return file;
}

// checkPage(page, name, { narrow }): screenshot, axe-core, and (unless narrow is false)
// the 360 px check with its own screenshot. Fails listing every problem at once.
export async function checkPage(page, name, { narrow = true } = {}) {
	await screenshot(page, name);
	const problems = [];
	const violations = await axe(page);
	for (const v of violations) {
		problems.push(`axe ${v.impact} ${v.id}: ${v.help}\n` +
			v.nodes.map((n) => `      at ${n.target}: ${n.html}\n        ${(n.summary || '').replace(/\n/g, '\n        ')}`).join('\n'));
	}
	if (narrow) {
		const out = await overflow(page);
		await page.setViewportSize(NARROW);
		await screenshot(page, name, '-360');
		await page.setViewportSize(DESKTOP);
		if (out.length) {
			problems.push(`overflows at 360 px: ${out.slice(0, 8).join(', ')}`);
		}
	}
	if (page.errors.length) {
		problems.push(`JavaScript errors: ${page.errors.join('; ')}`);
		page.errors.length = 0;
	}
	if (problems.length) {
		assert.fail(`${name} (${page.url()}):\n  - ${problems.join('\n  - ')}`);
	}
}

// uniqueEmail(tag): an address no earlier run used.
export function uniqueEmail(tag) {
	const n = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
	return `browser-${tag}-${n}@example.test`;
}

// signup(page, name, email, password): creates an account through the real form; asserts
// the POST itself succeeded (a redirect), whatever the page it leads to answers.
export async function signup(page, fullName, email, password) {
	await visit(page, '/signup');
	await page.getByLabel(/^Name/).fill(fullName);
	await page.getByLabel('Email').fill(email);
	await page.getByLabel('Password', { exact: true }).fill(password);
	const [res] = await Promise.all([
		page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/signup'),
		page.waitForNavigation({ waitUntil: 'load' }),
		page.getByRole('button', { name: 'Create account' }).click(),
	]);
	assert.ok(res.status() >= 300 && res.status() < 400,
		`sign up ${email}: POST /signup answered ${res.status()}: ${await pageProblem(page)}`);
}

export { pageProblem };
