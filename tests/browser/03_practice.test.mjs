// 03_practice.test.mjs: the candidate's practice loop in a real browser — a new candidate
// opens a job, starts a practice (one credit), answers every question of round 1, finishes
// it, reads the round report (scores, feedback items) and the session report, then sees the
// credit spent on /credits and the session on the dashboard. axe-core, 360 px, screenshots.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	BASE, launch, newPage, need, visit, submit, checkPage, screenshot, button, signup, login, uniqueEmail, pageProblem, DEMO,
} from './lib.mjs';

let browser;
let page;
let jobUrl;
let sessionUrl;
let roundReportUrl;
let staleTab; // the job page opened in a second tab before the only credit was spent
const email = uniqueEmail('practice');
const password = 'browser-test-passphrase-7';
const MAX_QUESTIONS = 40;

// A substantive answer in the STAR shape, with numbers, so the analysis has something to score.
const ANSWER = 'In my last role our payments service was timing out during the month-end peak. ' +
	'The situation was urgent because merchants could not settle. My task was to find the cause and fix it ' +
	'without a freeze. I profiled the hot path, found an N+1 query in the ledger lookup, added a covering index ' +
	'and batched the reads, and I wrote a load test so it could not come back. As a result p99 latency fell from ' +
	'2.4 seconds to 180 milliseconds and we handled three times the traffic the next month. I learned to measure ' +
	'before changing anything and to explain the trade-offs to the team in writing.';

before(async () => {
	browser = await launch();
	page = await newPage(browser);
});
after(async () => {
	await browser?.close();
});

// answerForm(): the visible form on the session page that takes an answer, or null.
async function answerForm() {
	const forms = page.locator('form', { has: page.locator('textarea') });
	const n = await forms.count();
	for (let i = 0; i < n; i++) {
		const f = forms.nth(i);
		const action = (await f.getAttribute('action')) || '';
		if (/answer/.test(action) && await f.locator('textarea').first().isVisible()) {
			return f;
		}
	}
	return null;
}

test('a new candidate opens a job with a curriculum and sees the credit cost', async () => {
	await signup(page, 'Linus Practice', email, password);
	await visit(page, '/companies?q=Northwind');
	const company = page.locator('article.company h2 a').first();
	assert.equal(await company.count(), 1, 'Northwind Ledger is found');
	await submit(page, () => company.click(), 'open the company');
	const job = page.locator('#jobs-h').locator('xpath=..').getByRole('link').first();
	assert.equal(await job.count(), 1, 'the company lists an open job');
	await submit(page, () => job.click(), 'open the job');
	jobUrl = new URL(page.url()).pathname;
	const start = await button(page, /start practice/i);
	const box = start.locator('xpath=ancestor::*[self::form or self::section][1]');
	assert.match(await box.textContent(), /credit/i, 'the cost in credits is shown next to "Start practice"');
});

test('start practice spends a credit and opens the session at round 1', async () => {
	staleTab = await page.context().newPage();
	await staleTab.goto(BASE + need(jobUrl, 'no job was opened'));
	await visit(page, jobUrl);
	await submit(page, async () => (await button(page, /start practice/i)).click(), 'start practice');
	sessionUrl = new URL(page.url()).pathname;
	assert.match(sessionUrl, /^\/sessions\/[0-9a-f-]{36}$/, `the session page opens: ${page.url()} ${await pageProblem(page)}`);
	const main = await page.locator('main').textContent();
	assert.match(main, /round\s+1\s+of\s+\d+/i, 'the page says "round 1 of n"');
	const bars = await page.locator('progress, [role=progressbar], .progress').count();
	assert.ok(bars >= 1, 'a progress bar');
	await checkPage(page, 'practice-01-session');
});

test('answer every question of round 1, one at a time; a refresh loses nothing', async () => {
	need(sessionUrl, 'no practice session was started');
	await visit(page, sessionUrl);
	let answered = 0;
	const prompts = [];
	for (;;) {
		const form = await answerForm();
		if (!form) {
			break;
		}
		assert.ok(answered < MAX_QUESTIONS, `still asking after ${MAX_QUESTIONS} answers: ${prompts.slice(-3).join(' | ')}`);
		const question = (await form.textContent()).trim().replace(/\s+/g, ' ').slice(0, 120);
		prompts.push(question);
		await form.locator('textarea').first().fill(`${ANSWER} (answer ${answered + 1})`);
		await submit(page, () => form.locator('button[type=submit], button:not([type])').first().click(),
			`answer question ${answered + 1}`);
		answered += 1;
		if (answered === 1) {
			// the answer is saved on submit: a reload shows it in the transcript
			await page.reload();
			assert.match(await page.locator('main').textContent(), /\(answer 1\)/, 'the first answer is in the transcript after a reload');
			await checkPage(page, 'practice-02-answered-one', { narrow: false });
		}
	}
	assert.ok(answered >= 1, `no question was asked on ${page.url()}: ${await pageProblem(page)}`);
	const progress = (await page.locator('main').textContent()).match(/(\d+) of (\d+) questions answered/);
	assert.ok(progress, 'the round says how many of its questions are answered');
	assert.equal(progress[1], progress[2], `every question of the round is answered: "${progress[0]}"`);
	assert.ok(await button(page, /finish (the )?round/i), 'the round can be finished');
	await checkPage(page, 'practice-03-round-answered');
});

test('finish round 1 and read its report: scores and feedback items', async () => {
	need(sessionUrl, 'no practice session was started');
	await visit(page, sessionUrl);
	await submit(page, async () => (await button(page, /finish (the )?round/i)).click(), 'finish round 1');
	roundReportUrl = `${sessionUrl}/rounds/1/report`;
	if (new URL(page.url()).pathname !== roundReportUrl) {
		await visit(page, roundReportUrl);
	}
	const main = await page.locator('main').textContent();
	assert.match(main, /score/i, 'the report shows scores');
	assert.ok(await page.locator('.score').count() >= 1 || /\b\d{1,3}(\.\d)?\s*(\/\s*100|%)/.test(main),
		'a numeric score is shown');
	const feedback = page.getByRole('heading', { name: /feedback/i }).first();
	assert.equal(await feedback.count(), 1, 'a feedback section');
	const items = feedback.locator('xpath=ancestor::section[1]').locator('li');
	assert.ok(await items.count() >= 1, 'feedback items are listed');
	assert.match(main, /strength|weakness|improve/i, 'strengths or weaknesses are named');
	await checkPage(page, 'practice-04-round-report');
});

test('the round report prints as a clean document (no navigation, no buttons)', async () => {
	await visit(page, need(roundReportUrl, 'no round was finished'));
	await page.emulateMedia({ media: 'print' });
	try {
		const shown = await page.evaluate(() => [...document.querySelectorAll('header.site, footer.site, main form, main button')]
			.filter((el) => getComputedStyle(el).display !== 'none').map((el) => el.outerHTML.slice(0, 80)));
		assert.deepEqual(shown, [], 'navigation, forms and buttons are hidden in print');
		assert.ok(await page.locator('main h1').isVisible(), 'the report itself prints');
		await screenshot(page, 'practice-04-round-report-print');
	} finally {
		await page.emulateMedia({ media: 'screen' });
	}
});

test('the session report shows the overall score and readiness', async () => {
	need(sessionUrl, 'no practice session was started');
	await visit(page, `${sessionUrl}/report`);
	const main = await page.locator('main').textContent();
	assert.match(main, /score/i);
	assert.match(main, /ready|readiness/i);
	await checkPage(page, 'practice-05-session-report');
});

test('credits: the balance and the ledger show the practice that was started', async () => {
	await visit(page, '/credits');
	assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1);
	const main = await page.locator('main').textContent();
	assert.match(main, /balance|credits? left/i, 'a balance');
	assert.ok(await page.locator('table tbody tr, ol li, ul.ledger li').count() >= 1, 'ledger entries');
	assert.match(main, /session|practice/i, 'the spend is named in the ledger');
	await checkPage(page, 'practice-06-credits');
});

test('with no credit left, the job page says so and a stale Start practice spends nothing', async () => {
	await visit(page, '/credits');
	const creditsBefore = (await page.locator('main').textContent()).replace(/\s+/g, ' ');
	await visit(page, need(jobUrl, 'no job was opened'));
	assert.equal(await page.getByRole('button', { name: /start practice/i }).count(), 0, 'no Start button without credits');
	assert.match(await page.locator('main').textContent(), /no credits left/i, 'the job page says why');
	await checkPage(page, 'practice-07-job-no-credits', { narrow: false });

	// the button of a tab opened before the credit was spent: refused, nothing spent
	const stale = need(staleTab, 'the second tab was not opened');
	const [res] = await Promise.all([
		stale.waitForNavigation({ waitUntil: 'load' }),
		stale.getByRole('button', { name: /start practice/i }).click(),
	]);
	assert.equal(res.status(), 402, `a start without credits answered ${res.status()}`);
	assert.match(await stale.getByRole('heading', { level: 1 }).first().textContent(), /credit/i,
		'the page says there is no credit left');
	stale.errors = [];
	await checkPage(stale, 'practice-08-no-credits');
	await stale.close();
	await visit(page, '/credits');
	const creditsAfter = (await page.locator('main').textContent()).replace(/\s+/g, ' ');
	assert.equal(creditsAfter, creditsBefore, 'the credits page is unchanged: nothing was spent');
});

test('dashboard: credits, the session in progress with "continue"', async () => {
	need(sessionUrl, 'no practice session was started');
	await visit(page, '/');
	const id = sessionUrl.split('/').pop();
	assert.match(await page.locator('main').textContent(), /credit/i, 'the credits left are shown');
	const cont = page.locator(`main a[href^="/sessions/${id}"]`, { hasText: /continue/i });
	assert.ok(await cont.count() >= 1, 'a "Continue" link to the session in progress');
	await checkPage(page, 'practice-09-dashboard');
	await submit(page, () => cont.first().click(), 'continue the session');
	assert.equal(new URL(page.url()).pathname, sessionUrl, 'continue opens the session');
	assert.match(await page.locator('main').textContent(), /round\s+2\s+of\s+\d+/i, 'the session resumes at round 2');
});

test('dashboard with history: score charts are inline SVG with a text alternative', async () => {
	const demo = await newPage(browser);
	try {
		await login(demo, DEMO);
		assert.equal(demo.lastStatus, 200, `the demo dashboard answered ${demo.lastStatus}`);
		const charts = demo.locator('main svg');
		assert.ok(await charts.count() >= 1, 'the dashboard draws a chart');
		const alts = await charts.evaluateAll((svgs) => svgs.map((svg) => ({
			role: svg.getAttribute('role'),
			name: (svg.getAttribute('aria-label') || svg.querySelector('title')?.textContent || '').trim(),
			desc: (svg.querySelector('desc')?.textContent || '').trim(),
		})));
		for (const a of alts) {
			assert.equal(a.role, 'img', `a chart is an image to assistive technology: ${JSON.stringify(a)}`);
			assert.ok(a.name.length > 0, `a chart has a name: ${JSON.stringify(a)}`);
			assert.match(a.desc, /\d/, `a chart's text alternative carries its numbers: ${JSON.stringify(a)}`);
		}
		await checkPage(demo, 'practice-10-demo-dashboard');
		assert.equal(await demo.locator('script[src]:not([src^="/static/"])').count(), 0, 'no chart library is loaded');
	} finally {
		await demo.context().close();
	}
});
