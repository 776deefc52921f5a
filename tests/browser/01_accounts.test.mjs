// 01_accounts.test.mjs: the public pages and the account life cycle in a real browser —
// landing page, sign-up with a new address, dashboard greeting, profile edit and save, log
// out, log in as the demo candidate, the 404 page. Every page: axe-core, 360 px, screenshot.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	launch, newPage, visit, submit, checkPage, login, signup, uniqueEmail, DEMO,
} from './lib.mjs';

let browser;
let page;
const email = uniqueEmail('acct');
const password = 'browser-test-passphrase-7';
const fullName = 'Ada Browser';

before(async () => {
	browser = await launch();
	page = await newPage(browser);
});
after(async () => {
	await browser?.close();
});

test('landing page: hero, sign-up call to action, accessible at 360 px', async () => {
	await visit(page, '/');
	await assert.doesNotReject(page.getByRole('heading', { level: 1 }).waitFor());
	const cta = page.getByRole('link', { name: /create a free account|sign up/i }).first();
	assert.equal(await cta.count(), 1, 'the landing page links to the sign-up');
	await checkPage(page, 'accounts-01-landing');
});

test('keyboard: the first Tab reaches a visible "Skip to content" link that moves focus to main', async () => {
	await visit(page, '/');
	await page.keyboard.press('Tab');
	const focused = await page.evaluate(() => {
		const el = document.activeElement;
		const r = el.getBoundingClientRect();
		return { text: el.textContent.trim(), href: el.getAttribute('href'), visible: r.width > 1 && r.height > 1 && r.top >= 0 && r.left >= 0 };
	});
	assert.match(focused.text, /skip to content/i, `the first focus stop: ${JSON.stringify(focused)}`);
	assert.ok(focused.visible, 'the skip link is visible when focused');
	await page.keyboard.press('Enter');
	assert.match(page.url(), /#main$/);
	assert.equal(await page.evaluate(() => document.querySelector(':target')?.tagName), 'MAIN');
});

test('sign-up: errors are shown next to their fields and the form is accessible', async () => {
	await visit(page, '/signup');
	await checkPage(page, 'accounts-02-signup');
	await page.getByLabel('Email').fill('not-an-email');
	await page.getByLabel('Password', { exact: true }).fill('short');
	await submit(page, () => page.getByRole('button', { name: 'Create account' }).click(),
		'sign-up with bad input', { expect: 422 });
	const error = page.locator('#email-error');
	assert.match(await error.textContent(), /valid email/i, 'the message is next to the email field');
	assert.equal(await page.getByLabel('Email').getAttribute('aria-invalid'), 'true');
	assert.equal(await page.getByLabel('Email').inputValue(), 'not-an-email', 'the form keeps what was typed');
	await checkPage(page, 'accounts-03-signup-errors');
});

test('sign-up with a new address lands on the dashboard with a greeting', async () => {
	await signup(page, fullName, email, password);
	assert.equal(page.lastStatus, 200, `the dashboard after sign-up answered ${page.lastStatus}`);
	assert.equal(await page.getByRole('button', { name: 'Log out' }).count(), 1, 'logged in after sign-up');
	assert.equal(new URL(page.url()).pathname, '/', `after sign-up: ${page.url()}`);
	const h1 = (await page.getByRole('heading', { level: 1 }).first().textContent()).trim();
	assert.match(h1, /Ada Browser/, `the dashboard greets the new user: "${h1}"`);
	await checkPage(page, 'accounts-04-dashboard');
});

test('profile: edit and save, the values persist', async () => {
	await visit(page, '/profile');
	await checkPage(page, 'accounts-05-profile');
	await page.getByLabel('Target role').fill('Staff engineer');
	await page.getByLabel('Years of experience').fill('7');
	await page.getByLabel('Experience level').selectOption({ index: 2 });
	await submit(page, () => page.getByRole('button', { name: 'Save profile' }).click(), 'save profile');
	await assert.doesNotReject(page.getByRole('status').first().waitFor(), 'a "saved" notice');
	await visit(page, '/profile');
	assert.equal(await page.getByLabel('Target role').inputValue(), 'Staff engineer');
	assert.equal(await page.getByLabel('Years of experience').inputValue(), '7');
	await checkPage(page, 'accounts-06-profile-saved', { narrow: false });
});

test('profile: a bad value is refused with the message next to its field', async () => {
	await visit(page, '/profile');
	await page.getByLabel('Years of experience').fill('abc');
	await submit(page, () => page.getByRole('button', { name: 'Save profile' }).click(),
		'profile with bad years', { expect: 422 });
	assert.equal(await page.getByLabel('Years of experience').getAttribute('aria-invalid'), 'true');
	assert.ok(await page.locator('.field-error').count() >= 1, 'a field error is shown');
	await checkPage(page, 'accounts-07-profile-errors', { narrow: false });
});

test('log out returns to the landing page, logged out', async () => {
	await visit(page, '/profile');
	await submit(page, () => page.getByRole('button', { name: 'Log out' }).click(), 'log out');
	await visit(page, '/');
	assert.equal(await page.getByRole('button', { name: 'Log out' }).count(), 0, 'no log-out button any more');
	assert.equal(await page.getByRole('link', { name: 'Log in' }).count(), 1, 'a log-in link');
	// the profile now asks for a log-in
	await visit(page, '/profile');
	assert.match(new URL(page.url()).pathname, /^\/login/, `the profile needs a log-in: ${page.url()}`);
});

test('log in: a wrong password is refused, the form shown again accessibly', async () => {
	await visit(page, '/login');
	await page.getByLabel('Email').fill(DEMO.email);
	await page.getByLabel('Password', { exact: true }).fill('wrong-password-123');
	await submit(page, () => page.getByRole('button', { name: 'Log in' }).click(),
		'log in with a wrong password', { expect: 401 });
	assert.ok(await page.getByRole('alert').count() >= 1, 'the error is announced');
	await checkPage(page, 'accounts-08-login-error');
});

test('log in as the demo candidate shows their dashboard', async () => {
	await login(page, DEMO);
	assert.equal(new URL(page.url()).pathname, '/');
	assert.equal(page.lastStatus, 200, `the dashboard after log-in answered ${page.lastStatus}`);
	const h1 = (await page.getByRole('heading', { level: 1 }).first().textContent()).trim();
	assert.match(h1, /welcome|dashboard|hello|hi\b/i, `a greeting: "${h1}"`);
	await checkPage(page, 'accounts-09-demo-dashboard');
});

test('the error page: an unknown address is a 404 page, accessible', async () => {
	await visit(page, '/no-such-page-' + Date.now(), 404);
	const h1 = (await page.getByRole('heading', { level: 1 }).first().textContent()).trim();
	assert.match(h1, /not found/i, `the 404 page says so: "${h1}"`);
	assert.equal(await page.getByRole('link', { name: /back to preptalk/i }).count(), 1);
	await checkPage(page, 'accounts-10-not-found');
});
