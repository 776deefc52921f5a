// 05_admin_lists.test.mjs: the admin lists of migration 071 in a real browser. The moderation
// queue shows 25 posts a page, each title a link to the whole post, and pages on by its link
// (and back to the oldest); the audit log (25 entries a page) filters by entity type through
// its form and pages on by 'Older entries' without repeating an entry. axe-core and a
// screenshot of each new page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, visit, submit, checkPage, link, login, pageProblem, ADMIN } from './lib.mjs';

let browser;
let page;

before(async () => {
	browser = await launch();
	page = await newPage(browser);
	await login(page, ADMIN);
});
after(async () => {
	await browser?.close();
});

// The ids of the posts (or audit entries) a page lists, in order.
async function postIds() {
	const hrefs = await page.locator('main article.mod-post h2 a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
	return hrefs.map((h) => h.split('/').pop());
}

test('moderation queue: 25 posts a page, excerpts linking to the whole post, a next page', async () => {
	await visit(page, '/admin/moderation');
	const first = await postIds();
	assert.ok(first.length >= 1 && first.length <= 25, `1 to 25 posts on a page (${first.length}): ${await pageProblem(page)}`);
	assert.ok(await page.getByText(/25 a page/).count() >= 1, 'the page says how many it shows');
	const next = page.getByRole('link', { name: 'Next 25 posts' });
	if (await next.count() > 0) {
		assert.equal(first.length, 25, 'a full page before a next one');
		await submit(page, () => next.click(), 'open the next page of the queue');
		assert.match(page.url(), /\/admin\/moderation\?after=\d+_[0-9a-f-]{36}$/);
		const second = await postIds();
		assert.ok(second.length >= 1, 'the next page lists posts');
		assert.equal(second.filter((id) => first.includes(id)).length, 0, 'none of the first page again');
		await checkPage(page, 'admin-lists-01-moderation-next', { narrow: false });
		await submit(page, async () => (await link(page, /back to the oldest posts/i)).click(), 'back to the first page');
		assert.deepEqual(await postIds(), first);
	}
	const title = page.locator('main article.mod-post h2 a').first();
	const postPath = await title.getAttribute('href');
	await submit(page, () => title.click(), 'open a post from its title');
	assert.equal(new URL(page.url()).pathname, postPath);
	assert.ok(await page.locator('main .post-content').count() === 1, 'the post page shows its text');
});

test('audit log: the entity-type filter and older entries', async () => {
	await visit(page, '/admin/audit');
	assert.ok(await page.locator('#entity-types option').count() >= 1, 'the entity types are suggested');
	await page.getByLabel('Entity type').fill('user');
	await submit(page, () => page.getByRole('button', { name: 'Filter' }).click(), 'filter by entity type');
	assert.match(page.url(), /entity_type=user/);
	const heads = await page.locator('main article.audit-entry h2').allTextContents();
	assert.ok(heads.length >= 1 && heads.length <= 25, `1 to 25 entries (${heads.length})`);
	assert.ok(heads.every((h) => / on user$/.test(h.trim())), `only entries on users: ${heads.slice(0, 3)}`);
	await checkPage(page, 'admin-lists-02-audit-user', { narrow: false });
	const older = page.getByRole('link', { name: 'Older entries' });
	if (await older.count() > 0) {
		const firstIds = await page.locator('main article.audit-entry p.small').allTextContents();
		await submit(page, () => older.click(), 'older entries');
		assert.match(page.url(), /before=\d+_[0-9a-f-]{36}/);
		const again = await page.locator('main article.audit-entry p.small').allTextContents();
		assert.ok(again.length >= 1, 'older entries are listed');
		assert.equal(again.filter((t) => firstIds.includes(t)).length, 0, 'none of the newer page again');
	}
});
