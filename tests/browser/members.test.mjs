// Browser test of the scenario tool: "what if Örebro kommun halves its
// part", run on the page, equal to `finsam scenario run`, then saved.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, loggedIn, shot, cli } from './server.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => {
	await browser?.close();
	assert.equal(await server?.stop(), 0, 'finsam serve ends cleanly on SIGTERM');
});

const digits = s => s.replace(/[\u00a0\u202f ]/g, '').replace('\u2212', '-');

test('a scenario run on the page gives the CLI\'s figures and can be saved', async () => {
	const page = await loggedIn(browser, server.url, 'erik');
	await page.getByRole('link', { name: 'Medlemsbidrag' }).click();
	await page.getByLabel('Örebro kommun').fill('50%');
	await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Räkna' }).click()]);
	await page.getByRole('heading', { name: 'Scenario', level: 1 }).waitFor();
	const year = new URL(page.url()).searchParams.get('ar');
	const run = JSON.parse(cli(server, 'scenario', 'run', 'ORK=50%', '--year', year,
		'--format', 'json'));
	const row = page.getByRole('row', { name: /^ORK/ }).first();
	const cells = (await row.locator('td').allInnerTexts()).map(digits);
	const member = run.members.find(m => m.code === 'ORK');
	assert.ok(cells.includes(String(Math.round(member.contribution / 100))),
		`${cells} has ${member.contribution}`);
	assert.ok(cells.includes(String(Math.round(member.change / 100))));
	// What is missing against the budget, as the CLI says it.
	const missing = page.getByRole('row', { name: /Saknas mot budgeten/ }).first();
	assert.ok((await missing.locator('td').allInnerTexts()).map(digits)
		.includes(String(Math.round(run.gap / 100))));
	await shot(page, 'scenario');
	await page.getByLabel('Namn').fill('Örebro halverar');
	await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Spara' }).click()]);
	await page.locator('.meddelande.ok').waitFor();
	assert.match(cli(server, 'scenario', 'list'), /Örebro halverar/);
	assert.deepEqual(page.problems, []);
});
