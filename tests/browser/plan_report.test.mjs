// Browser tests of changing a forecast and of building and downloading
// the report: a real chromium driven by Playwright against the server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launch, loggedIn, shot, cli, ARTEFACTS } from './server.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => {
	await browser?.close();
	assert.equal(await server?.stop(), 0, 'finsam serve ends cleanly on SIGTERM');
});

// The forecast of `line` in `finsam forecast --format csv` (kronor, plain).
function forecastOf(line) {
	const rows = cli(server, 'forecast', '--format', 'csv').split('\n');
	const row = rows.find(r => r.split(',')[2] === line);
	return row.split(',')[6];
}

test('a forecast changed on the page is the CLI\'s forecast and shows in the table', async () => {
	const page = await loggedIn(browser, server.url, 'erik');
	await page.getByRole('link', { name: 'Budget och prognos' }).click();
	await page.getByRole('heading', { name: 'Ändra prognosen för en rad' }).waitFor();
	await page.getByLabel('Rad', { exact: true }).selectOption({ label: 'Finsammassa' });
	await page.getByLabel(/^manuell/).check();
	await page.getByLabel('Belopp (bara för manuell)').fill('25 000');
	await page.getByLabel('Kommentar').fill('Mässan blev billigare');
	await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Spara prognosen' }).click()]);
	await page.locator('.meddelande.ok').waitFor();
	assert.equal(forecastOf('Finsammassa'), '25000.00');
	const row = page.getByRole('row', { name: /Finsammassa/ }).last();
	assert.match((await row.innerText()).replace(/[\u00a0\u202f]/g, ' '), /25 000/);
	await shot(page, 'prognos-andrad');
	assert.deepEqual(page.problems, []);
});

test('the report is previewed and downloaded as PDF and XLSX, and its audit is clean', async () => {
	const page = await loggedIn(browser, server.url, 'erik');
	await page.getByRole('link', { name: 'Rapport' }).click();
	await page.getByRole('heading', { name: 'Platshållare' }).waitFor();
	await shot(page, 'rapport');
	for (const [link, ext, magic] of [['Ladda ned PDF', 'pdf', '%PDF-'], ['Ladda ned XLSX', 'xlsx', 'PK']]) {
		const [download] = await Promise.all([page.waitForEvent('download'),
			page.getByRole('link', { name: link }).click()]);
		const file = join(ARTEFACTS, `rapport.${ext}`);
		await download.saveAs(file);
		assert.match(download.suggestedFilename(), new RegExp(`\\.${ext}$`));
		assert.equal(readFileSync(file).subarray(0, magic.length).toString('latin1'), magic);
	}
	await page.getByRole('link', { name: 'Granskning' }).click();
	await page.getByText('Inga avvikelser').first().waitFor();
	await page.goBack();
	await page.getByRole('link', { name: 'Förhandsvisning (HTML)' }).click();
	await page.getByRole('heading', { name: /Förvaltningsberättelse/ }).first().waitFor();
	await shot(page, 'rapport-forhandsvisning');
});
