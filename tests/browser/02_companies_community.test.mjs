// 02_companies_community.test.mjs: company research and the community in a real browser —
// search /companies, read a company's insights, open one of its jobs, share an interview
// experience (it shows as pending to its author), vote on someone else's post with and
// without JavaScript. Every page: axe-core, 360 px, screenshot.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	BASE, launch, newPage, need, visit, submit, checkPage, link, button, signup, uniqueEmail, pageProblem,
} from './lib.mjs';

let browser;
let page;
let companyUrl;
let jobUrl;
const email = uniqueEmail('community');
const password = 'browser-test-passphrase-7';
const postTitle = `Browser test loop ${Date.now()} <script>alert(1)</script>`;

before(async () => {
	browser = await launch();
	page = await newPage(browser);
});
after(async () => {
	await browser?.close();
});

// choose(name, value): a select option or a radio button, whichever the form uses.
async function choose(name, value) {
	const field = page.locator(`[name="${name}"]`).first();
	assert.ok(await field.count() > 0, `${page.url()}: the form has no field named ${name}`);
	const tag = await field.evaluate((el) => el.tagName.toLowerCase() + ':' + (el.type || ''));
	if (tag.startsWith('select')) {
		await field.selectOption(value);
	} else {
		await page.locator(`[name="${name}"][value="${value}"]`).check();
	}
}

test('companies: search by name finds the company, list accessible at 360 px', async () => {
	await signup(page, 'Grace Community', email, password);
	await visit(page, '/companies');
	await checkPage(page, 'companies-01-list');
	await page.getByLabel(/search by name/i).fill('Northwind');
	await submit(page, () => page.getByRole('button', { name: 'Search' }).click(), 'search companies');
	assert.match(page.url(), /[?&]q=Northwind/);
	const hits = page.locator('article.company h2 a');
	assert.ok(await hits.count() >= 1, 'at least one company found');
	assert.match(await hits.first().textContent(), /Northwind/);
	await checkPage(page, 'companies-02-search');
	// a search that matches nothing says so
	await visit(page, '/companies?q=zzzz-no-such-company');
	assert.equal(await page.locator('article.company').count(), 0);
	assert.match(await page.locator('main').textContent(), /no company matches/i);
});

test('company insights: overview, process, questions, experiences and open jobs', async () => {
	await visit(page, '/companies?q=Northwind');
	const a = await link(page, /Northwind/);
	await submit(page, () => a.click(), 'open company');
	companyUrl = new URL(page.url()).pathname;
	assert.match(companyUrl, /^\/companies\/[0-9a-f-]{36}$/);
	for (const h of ['Overview', 'Interview process', 'Smart questions to ask', 'Interview experiences', 'Open jobs']) {
		assert.equal(await page.getByRole('heading', { name: h }).count(), 1, `section "${h}"`);
	}
	assert.ok(await page.locator('article.post').count() >= 1, 'community experiences are listed');
	await checkPage(page, 'companies-03-insights');
});

test('job: description, requirements, curriculum and a Start practice button', async () => {
	await visit(page, need(companyUrl, 'no company was opened'));
	const jobs = page.locator('#jobs-h').locator('xpath=..').getByRole('link');
	assert.ok(await jobs.count() >= 1, 'the company has open jobs');
	await submit(page, () => jobs.first().click(), 'open a job');
	jobUrl = new URL(page.url()).pathname;
	assert.match(jobUrl, /^\/jobs\/[0-9a-f-]{36}$/);
	assert.equal(await page.getByRole('heading', { name: 'Practice curriculum' }).count(), 1);
	assert.ok(await page.locator('ol.rounds > li').count() >= 1, 'the curriculum has rounds');
	await button(page, /start practice/i);
	await checkPage(page, 'companies-04-job');
});

test('share an interview experience: form accessible, errors by their fields, then pending for its author', async () => {
	await visit(page, need(companyUrl, 'no company was opened'));
	const share = await link(page, /share your interview experience/i);
	await submit(page, () => share.click(), 'open the share form');
	assert.match(new URL(page.url()).pathname, /\/experiences\/new$/);
	await checkPage(page, 'community-01-new');

	// empty: refused, shown again with the messages next to the fields
	await submit(page, () => page.getByRole('button', { name: /share|publish|submit|post/i }).first().click(),
		'share an empty experience', { expect: 422 });
	assert.ok(await page.locator('.field-error').count() >= 3, 'several field errors for an empty form');
	await checkPage(page, 'community-02-new-errors', { narrow: false });

	await page.locator('[name="role_title"]').fill('Senior backend engineer');
	await choose('level', 'senior');
	await page.locator('[name="interview_month"]').fill('2026-09');
	await choose('application_source', 'referral');
	await page.locator('[name="process_length_days"]').fill('21');
	await choose('outcome', 'offer_accepted');
	await choose('experience', 'positive');
	await choose('difficulty', '3');
	await page.locator('[name="title"]').fill(postTitle);
	await page.locator('[name="content"]').fill('Recruiter call, a coding round on payments reconciliation, a system design ' +
		'round about idempotent ledgers and a values conversation with the director. Clear rubric, fast feedback.');
	await page.locator('[name="tips"]').fill('Practise explaining trade-offs out loud.');
	await page.locator('[name="confirm"]').check();
	await submit(page, () => page.getByRole('button', { name: /share|publish|submit|post/i }).first().click(),
		'share an experience');
	assert.equal(new URL(page.url()).pathname, companyUrl, `back on the company page: ${page.url()}`);
	const mine = page.locator('article.post', { hasText: 'Browser test loop' }).first();
	assert.equal(await mine.count(), 1, `the author sees their post: ${await pageProblem(page)}`);
	assert.match(await mine.textContent(), /pending review/i, 'the new post is pending');
	assert.match(await mine.locator('h3').textContent(), /<script>alert\(1\)<\/script>/, 'the title is shown escaped, as text');
	await checkPage(page, 'community-03-shared');
});

test('vote helpful on another candidate\'s post (JavaScript, no reload) and it is kept', async () => {
	await visit(page, need(companyUrl, 'no company was opened'));
	const post = page.locator('article.post', { has: page.locator('form.vote') })
		.filter({ hasNotText: 'Browser test loop' }).first();
	assert.equal(await post.count(), 1, 'a post by someone else with vote buttons');
	const id = await post.getAttribute('id');
	const helpful = post.getByRole('button', { name: /helpful/i });
	const count0 = Number(await post.locator('[data-count=helpful]').first().textContent());
	const url = page.url();
	const [res] = await Promise.all([
		page.waitForResponse((r) => /\/api\/v1\/experiences\/[^/]+\/vote$/.test(new URL(r.url()).pathname)),
		helpful.click(),
	]);
	assert.equal(res.status(), 200, `the JSON vote answered ${res.status()}`);
	await page.locator(`#${id} [data-vote-status]`).filter({ hasText: /saved/i }).waitFor();
	assert.equal(page.url(), url, 'no reload');
	assert.equal(Number(await post.locator('[data-count=helpful]').first().textContent()), count0 + 1);
	await checkPage(page, 'community-04-voted', { narrow: false });
	await page.reload();
	const again = page.locator(`#${id}`);
	assert.equal(Number(await again.locator('[data-count=helpful]').first().textContent()), count0 + 1, 'the vote is kept');
	assert.equal(await again.getByRole('button', { name: /helpful/i }).getAttribute('aria-pressed'), 'true');
});

test('vote without JavaScript: the plain form does the same', async () => {
	const context = page.context();
	const noJs = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
	try {
		await noJs.addCookies(await context.cookies());
		const p = await noJs.newPage();
		p.setDefaultTimeout(20000);
		const res = await p.goto(BASE + companyUrl, { waitUntil: 'load' });
		assert.ok([200, 304].includes(res.status()), `the company page answered ${res.status()}`);
		const post = p.locator('article.post', { has: p.locator('form.vote') })
			.filter({ hasNotText: 'Browser test loop' }).first();
		const id = await post.getAttribute('id');
		const count0 = Number(await post.locator('[data-count=outdated]').first().textContent());
		let status = 0;
		p.on('response', (r) => { if (r.request().isNavigationRequest()) status = r.status(); });
		await Promise.all([
			p.waitForNavigation({ waitUntil: 'load' }),
			post.getByRole('button', { name: /outdated/i }).click(),
		]);
		assert.ok(status < 400, `the plain vote form answered ${status}`);
		if (new URL(p.url()).pathname !== companyUrl) {
			await p.goto(BASE + companyUrl, { waitUntil: 'load' });
		}
		assert.equal(Number(await p.locator(`#${id} [data-count=outdated]`).first().textContent()), count0 + 1,
			'the outdated count went up');
		await p.close();
	} finally {
		await noJs.close();
	}
});

test('report a post: a reason is required (shown next to the field), then the report is taken once', async () => {
	await visit(page, need(companyUrl, 'no company was opened'));
	const post = page.locator('article.post', { has: page.locator('form[action$="/report"]') })
		.filter({ hasNotText: 'Browser test loop' }).nth(1);
	assert.equal(await post.count(), 1, 'a post by someone else that can be reported');
	const id = await post.getAttribute('id');
	await post.locator('summary', { hasText: /report this post/i }).click();
	const send = post.getByRole('button', { name: /send report/i });
	await submit(page, () => send.click(), 'report without a reason', { expect: 422 });
	const again = page.locator(`#${id}`);
	assert.equal(await again.locator('details[open] [role=alert]').count(), 1, 'the error is shown in the open report form');
	assert.match(await again.getByLabel('Reason').getAttribute('aria-describedby'), /report-error/,
		'the reason field points at its error');
	await checkPage(page, 'community-05-report-error', { narrow: false });
	await again.getByLabel('Reason').selectOption('inaccurate');
	await again.getByLabel(/details/i).fill('The process described does not match the current one.');
	await submit(page, () => again.getByRole('button', { name: /send report/i }).click(), 'report with a reason');
	assert.match(page.url(), /reported=1/);
	assert.match(await page.locator(`#${id}`).textContent(), /you reported this post/i);
});
