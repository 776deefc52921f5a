// reporter.mjs: a short reporter for node's test runner — one line per test, and for a
// failure its message and the line of the test file where it failed (no internal frames).
import path from 'node:path';

function where(err) {
	const stack = (err && err.stack) || '';
	const line = stack.split('\n').find((l) => /tests\/browser\/\d\d_[^/]*\.test\.mjs:\d+/.test(l));
	if (!line) {
		return '';
	}
	const m = line.match(/(\d\d_[^/]*\.test\.mjs:\d+)/);
	return m ? ` (${m[1]})` : '';
}

export default async function* reporter(source) {
	let file = '';
	for await (const event of source) {
		const d = event.data || {};
		if (event.type === 'test:start' && d.nesting === 0 && d.file && d.file !== file) {
			file = d.file;
			yield `\n  ${path.basename(file)}\n`;
		}
		if (event.type === 'test:stderr') {
			yield `          ${String(d.message).trimEnd().split('\n').join('\n          ')}\n`;
		}
		if (event.type === 'test:pass' && d.nesting === 0 && !d.skip) {
			yield `    ok    ${d.name} (${Math.round(d.details.duration_ms)} ms)\n`;
		} else if (event.type === 'test:fail' && d.nesting === 0) {
			const err = d.details && d.details.error;
			const cause = (err && err.cause) || err || {};
			const msg = String(cause.message || cause).split('\n')
				.filter((l) => l.trim() && !/^\s*(Call log:|- navigating|\x1b)/.test(l)).join('\n          ');
			yield `    FAIL  ${d.name}${where(cause)}\n          ${msg}\n`;
		}
	}
}
