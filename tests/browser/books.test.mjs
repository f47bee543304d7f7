// Browser tests of logging in, the overview and the books: a real
// chromium driven by Playwright against the real server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launch, loggedIn, shot, cli } from './server.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => {
	await browser?.close();
	const code = await server?.stop();
	assert.equal(code, 0, 'finsam serve ends cleanly on SIGTERM');
});

test('logging in shows the overview with the period\'s key figures and no console errors', async () => {
	const page = await loggedIn(browser, server.url, 'erik');
	await page.getByRole('heading', { name: 'Översikt', level: 1 }).waitFor();
	// The figure is the one `finsam statement ratios` computes (öre).
	const ratios = JSON.parse(cli(server, 'statement', 'ratios', '--format', 'json')).ratios;
	const result = ratios.find(r => r.key === 'resultat');
	const row = page.getByRole('row', { name: /Periodens resultat/ }).first();
	const text = (await row.innerText()).replace(/[\u00a0\u202f\s]/g, '').replace('\u2212', '-');
	assert.equal(text, `Periodensresultat${Math.round(result.amount / 100)}kr`);
	await page.getByText('Inga avvikelser').waitFor();
	// The charts are images that load.
	const charts = page.locator('figure.chart img');
	assert.equal(await charts.count(), 2);
	for (const img of await charts.all())
		assert.ok(await img.evaluate(i => i.complete && i.naturalWidth > 0), 'chart loaded');
	await shot(page, 'oversikt');
	assert.deepEqual(page.problems, []);
});

test('the overview fits a tablet without sideways scrolling of the page', async () => {
	const page = await loggedIn(browser, server.url, 'lars', { width: 768, height: 1024 });
	const wide = await page.evaluate(() => document.documentElement.scrollWidth);
	assert.ok(wide <= 768, `page is ${wide}px wide`);
	await shot(page, 'oversikt-surfplatta');
});

test('an upload of the example SIE with a corrected voucher shows what changed', async () => {
	const page = await loggedIn(browser, server.url, 'erik');
	await page.getByRole('link', { name: 'Bokföring' }).click();
	await page.getByRole('heading', { name: 'Läs in en SIE-fil' }).waitFor();
	const original = readFileSync(join(server.dir, 'bokforing-2023-h1.se'), 'latin1');
	const changed = original.split(/\r?\n/).filter(l => !l.startsWith('#KSUMMA')).join('\r\n')
		.replace('licenser och support januari-juni', 'licenser (rattad)');
	const file = join(server.dir, 'rattad.se');
	writeFileSync(file, changed, 'latin1');
	await page.getByLabel('SIE-fil').setInputFiles(file);
	await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Läs in' }).click()]);
	await page.getByText('Filen är inläst.').waitFor();
	assert.match(await page.locator('pre').first().innerText(),
		/0 nya, 0 borttagna och 1 ändrad verifikation\./);
	await shot(page, 'bokforing-inlast');
	// The drill-down: a statement line, its accounts, an account's vouchers.
	await page.getByRole('link', { name: 'Till bokföringen' }).click();
	await page.getByRole('link', { name: 'Verksamhetens kostnader' }).click();
	await page.getByRole('link', { name: '6540' }).click();
	await page.getByText('IT-partner i Örebro AB: IT-tjänster, licenser (rattad)').first().waitFor();
	await shot(page, 'bokforing-konto');
	assert.deepEqual(page.problems, []);
	const log = cli(server, 'changes', '--format', 'csv');
	assert.match(log, /erik,bokföring\/import\/rattad\.se/);
});

test('logging out ends the session: the back button does not bring the pages back', async () => {
	const page = await loggedIn(browser, server.url, 'anna');
	await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Logga ut' }).click()]);
	await page.getByRole('heading', { name: 'Logga in' }).waitFor();
	await page.goto(server.url + '/bokforing');
	assert.match(page.url(), /\/logga-in\?till=%2Fbokforing$/);
});
