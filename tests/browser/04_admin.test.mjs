// 04_admin.test.mjs: the admin path in a real browser — a candidate gets 404 on /admin; the
// admin logs in, opens the overview, the moderation queue and a post (publishes it), the
// company list and a company's edit form (saves it), users, jobs, audit log and health.
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
