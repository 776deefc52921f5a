// 04_admin.test.mjs: the admin path in a real browser — a candidate gets 404 on /admin; the
// admin logs in, opens the overview, the moderation queue and a post (publishes it), the
// company list and a company's edit form (saves it), users, jobs, audit log and health; the
// Intelligence list (latest items, older ones, a company found by name) and a smart question
// created through the company step, then deleted; the jobs list's next page, and a new job that
// starts by finding its company and keeps it when refused (070).
// axe-core on every admin page, 360 px on the main ones, a screenshot of each.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
	launch, newPage, visit, submit, checkPage, link, button, login, pageProblem, ADMIN, DEMO,
} from './lib.mjs';

let browser;
let page;

before(async () => {
	browser = await launch();
	page = await newPage(browser);
});
after(async () => {
	await browser?.close();
});

test('a candidate gets 404 on the admin pages', async () => {
	const candidate = await newPage(browser);
	try {
		await login(candidate, DEMO);
		for (const p of ['/admin', '/admin/moderation', '/admin/companies', '/admin/users']) {
			const res = await candidate.goto(new URL(p, candidate.url()).href);
			assert.equal(res.status(), 404, `${p} for a candidate`);
		}
		assert.equal(await candidate.getByRole('link', { name: 'Admin' }).count(), 0, 'no Admin link for a candidate');
	} finally {
		await candidate.context().close();
	}
});

test('admin overview: figures and links to the admin sections', async () => {
	await login(page, ADMIN);
	await visit(page, '/admin');
	assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1);
	const nav = page.getByRole('link', { name: 'Admin' });
	assert.ok(await nav.count() >= 1, 'the site navigation links to Admin for an admin');
	await link(page, /moderation/i);
	await link(page, /companies/i);
	await checkPage(page, 'admin-01-overview');
});

test('moderation queue: pending and reported posts, one opened and published', async () => {
	await visit(page, '/admin');
	await submit(page, async () => (await link(page, /moderation/i, page.locator('main'))).click(), 'open the moderation queue');
	assert.equal(new URL(page.url()).pathname, '/admin/moderation');
	await checkPage(page, 'admin-02-moderation');
	const posts = page.locator('main a[href^="/admin/posts/"]');
	assert.ok(await posts.count() >= 1, `the queue lists posts: ${await pageProblem(page)}`);
	await submit(page, () => posts.first().click(), 'open a post');
	assert.match(new URL(page.url()).pathname, /^\/admin\/posts\/[0-9a-f-]{36}$/);
	await checkPage(page, 'admin-03-post');
	const postPath = new URL(page.url()).pathname;
	const publish = page.getByRole('button', { name: /^publish/i });
	if (await publish.count() > 0) {
		await submit(page, () => publish.first().click(), 'publish the post');
		assert.match(page.url(), /saved=/, `back with a confirmation: ${page.url()}`);
		assert.ok(await page.getByRole('status').count() >= 1, 'a status notice says it is done');
		await checkPage(page, 'admin-03b-published', { narrow: false });
		await visit(page, postPath);
		assert.equal(await page.getByRole('button', { name: /^publish/i }).count(), 0, 'the post is not pending any more');
	} else {
		// a reported post that is already published: it can be hidden with a reason
		await button(page, /hide/i);
	}
});

test('companies: list, search and the edit form (real fields), saved unchanged', async () => {
	await visit(page, '/admin/companies');
	await checkPage(page, 'admin-04-companies');
	const edit = page.locator('main a[href$="/edit"]').first();
	assert.equal(await edit.count(), 1, 'a company has an edit link');
	await submit(page, () => edit.click(), 'open a company edit form');
	assert.match(new URL(page.url()).pathname, /^\/admin\/companies\/[0-9a-f-]{36}\/edit$/);
	assert.ok(await page.locator('main form input:not([type=hidden]), main form select, main form textarea').count() >= 10,
		'the structured fields are real form fields');
	await checkPage(page, 'admin-05-company-edit');
	const editPath = new URL(page.url()).pathname;
	await submit(page, () => page.locator('main form button[type=submit], main form button:not([type])')
		.filter({ hasText: /save/i }).first().click(), 'save the company unchanged');
	assert.equal(new URL(page.url()).pathname, editPath, `back on the edit form: ${page.url()} ${await pageProblem(page)}`);
	assert.match(page.url(), /saved=/, 'with a confirmation');
	assert.ok(await page.getByRole('status').count() >= 1, 'a status notice says it is saved');
	await checkPage(page, 'admin-05b-company-saved', { narrow: false });
});

test('the other admin pages are accessible: users, a user, jobs, curricula, audit, health', async () => {
	await visit(page, '/admin/users');
	await checkPage(page, 'admin-06-users');
	const user = page.locator('main a[href^="/admin/users/"]').first();
	assert.equal(await user.count(), 1, 'users are listed');
	await submit(page, () => user.click(), 'open a user');
	await checkPage(page, 'admin-07-user', { narrow: false });

	await visit(page, '/admin/jobs');
	await checkPage(page, 'admin-08-jobs', { narrow: false });
	const jobEdit = page.locator('main a[href$="/edit"]').first();
	assert.equal(await jobEdit.count(), 1, 'jobs have an edit link');
	await submit(page, () => jobEdit.click(), 'open a job edit form');
	await checkPage(page, 'admin-09-job-edit', { narrow: false });
	const jobId = new URL(page.url()).pathname.split('/')[3];
	await visit(page, `/admin/jobs/${jobId}/curricula`);
	await checkPage(page, 'admin-10-curricula', { narrow: false });
	const cur = page.locator('main a[href^="/admin/curricula/"]').first();
	assert.equal(await cur.count(), 1, 'a curriculum version is listed');
	await submit(page, () => cur.click(), 'open a curriculum');
	await checkPage(page, 'admin-11-curriculum', { narrow: false });
	const round = page.locator('main a[href^="/admin/rounds/"]').first();
	assert.equal(await round.count(), 1, 'the curriculum lists its rounds');
	await submit(page, () => round.click(), 'open a round');
	await checkPage(page, 'admin-12-round', { narrow: false });

	await visit(page, '/admin/audit');
	await checkPage(page, 'admin-13-audit', { narrow: false });
	await visit(page, '/admin/health');
	await checkPage(page, 'admin-14-health', { narrow: false });
});

test('intelligence: latest items, a company found by name, a smart question made through the company step', async () => {
	await visit(page, '/admin/intelligence');
	await checkPage(page, 'admin-15-intelligence', { narrow: false });
	assert.ok(await page.getByText(/most recently updated/).count() >= 1, 'the page says which items it lists');
	assert.equal(await page.locator('main select#company_id').count(), 0, 'no select of every company');
	const older = page.getByRole('link', { name: 'Older smart questions' });
	assert.equal(await older.count(), 1, 'an older link for smart questions');
	await submit(page, () => older.click(), 'see older smart questions');
	assert.match(page.url(), /kind=questions&before=/);
	await link(page, /back to the newest/i);

	await visit(page, '/admin/intelligence');
	await page.getByLabel('Find a company').fill('northwind');
	await submit(page, () => page.getByRole('button', { name: 'Search' }).click(), 'search a company by name');
	const match = page.locator('main a[href^="/admin/intelligence?company_id="]').first();
	assert.equal(await match.count(), 1, `a matching company is listed: ${await pageProblem(page)}`);
	await submit(page, () => match.click(), 'list the company\'s items');
	await checkPage(page, 'admin-16-intelligence-company', { narrow: false });
	assert.ok(await page.locator('#job_id option').count() < 50, 'job choices: this company\'s jobs only');

	await visit(page, '/admin/intelligence/questions/new');
	await checkPage(page, 'admin-17-intelligence-pick');
	assert.equal(await page.locator('main form[method=post] textarea').count(), 0, 'first the company, not the form');
	await page.getByLabel('Company name').fill('northwind');
	await submit(page, () => page.getByRole('button', { name: 'Find' }).click(), 'find the company');
	await submit(page, () => page.locator('main a[href*="/admin/intelligence/questions/new?company_id="]').first().click(),
		'choose the company');
	await checkPage(page, 'admin-18-intelligence-new');
	const options = await page.locator('#job_id option').count();
	assert.ok(options >= 1 && options < 50, `company-wide and the company's jobs (${options} options)`);
	let job = '';
	if (options > 1) {
		job = await page.locator('#job_id option').nth(1).getAttribute('value');
		await page.locator('#job_id').selectOption(job);
	}
	await page.getByLabel('Question', { exact: true }).fill('Browser test: what does a great first month look like?');
	await submit(page, () => page.getByRole('button', { name: 'Create smart question' }).click(), 'create the smart question');
	assert.match(page.url(), /\/admin\/intelligence\/questions\/[0-9a-f-]{36}\/edit\?saved=created$/);
	assert.equal(await page.locator('#job_id').inputValue(), job, 'the chosen job is kept');
	const editPath = new URL(page.url()).pathname;
	await visit(page, editPath.replace(/\/edit$/, '/delete'));
	await submit(page, () => page.getByRole('button', { name: 'Delete it' }).click(), 'delete the smart question');
	await visit(page, editPath, 404);
});

test('jobs: 50 a page with a link to the next; a new job starts by finding its company', async () => {
	await visit(page, '/admin/jobs');
	assert.equal(await page.locator('main a[href$="/edit"]').count(), 50, 'the first 50 jobs');
	const firstPage = await page.locator('main a[href$="/edit"]').first().getAttribute('href');
	await submit(page, async () => (await link(page, /more jobs/i)).click(), 'open the next page of jobs');
	assert.match(page.url(), /after=/);
	assert.notEqual(await page.locator('main a[href$="/edit"]').first().getAttribute('href'), firstPage, 'other jobs');

	await visit(page, '/admin/jobs/new');
	assert.equal(await page.locator('main select#company_id').count(), 0, 'no list of every company');
	assert.equal(await page.locator('main input[name="title"]').count(), 0, 'the form waits for the company');
	await checkPage(page, 'admin-20-job-pick');
	const first = page.locator('main a[href^="/admin/jobs/new?company_id="]').first();
	const name = (await first.textContent()).trim();
	await page.getByRole('searchbox', { name: /company name/i }).fill(name);
	await submit(page, () => page.getByRole('button', { name: /^search$/i }).click(), 'search for the company');
	const pick = page.locator('main a[href^="/admin/jobs/new?company_id="]').filter({ hasText: name }).first();
	assert.equal(await pick.count(), 1, `the search finds ${name}`);
	await submit(page, () => pick.click(), 'choose the company');
	assert.ok(await page.locator('main form').getByText(name, { exact: true }).count() >= 1, 'the form names the company');
	await page.locator('#department').fill('Kept by the refused form');
	await submit(page, () => page.getByRole('button', { name: /create job/i }).click(), 'create without a title',
		{ expect: 422 });
	assert.equal(await page.locator('#title-error').count(), 1, 'the title is asked for');
	assert.equal(await page.locator('#department').inputValue(), 'Kept by the refused form', 'what was typed is kept');
	assert.ok(await page.locator('main form').getByText(name, { exact: true }).count() >= 1, 'and the company');
	await checkPage(page, 'admin-21-job-refused', { narrow: false });
});
