// Browser test of an intervention owner entering participant statistics:
// the CLI's validation message for figures that do not add up, then a
// correct entry that `finsam participants` shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, loggedIn, shot, cli } from './server.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launch(); });
after(async () => {
	await browser?.close();
	assert.equal(await server?.stop(), 0, 'finsam serve ends cleanly on SIGTERM');
});

function participant(key) {
	const row = cli(server, 'participants', 'show', 'CTL', '--format', 'csv').split('\n')
		.find(r => r.startsWith(key + ','));
	return row?.split(',').pop();
}

test('an insatsägare sees only its intervention and enters its statistics, refused first', async () => {
	const page = await loggedIn(browser, server.url, 'ida', { width: 1024, height: 1366 });
	// The start page of an insatsägare is its interventions: only CTL.
	assert.match(page.url(), /\/insatser$/);
	assert.equal(await page.getByRole('link', { name: 'CTL' }).count(), 1);
	assert.equal(await page.getByRole('link', { name: 'CTO' }).count(), 0);
	await page.getByRole('link', { name: 'CTL' }).click();
	await page.getByRole('heading', { name: 'Mata in deltagarstatistik' }).waitFor();
	// More women than participants: the CLI's own rule refuses it.
	await page.getByLabel('Kvinnor', { exact: true }).fill('20');
	await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Spara statistiken' }).click()]);
	const error = page.locator('#mata-in .meddelande.fel');
	await error.waitFor();
	// The very words of `finsam followup import` for the same figures.
	assert.match(await error.innerText(),
		/CTL 2023H1: kvinnor 20 \+ män 14 \+ annat\/okänt 0 = 34, men totalt är 30/);
	assert.equal(await page.getByLabel('Kvinnor', { exact: true }).inputValue(), '20');
	await shot(page, 'insats-valideringsfel');
	assert.equal(participant('women'), '16', 'nothing was saved');
	// A correct entry is saved and is the CLI's.
	await page.getByLabel('Kvinnor', { exact: true }).fill('15');
	await page.getByLabel('Män', { exact: true }).fill('15');
	await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Spara statistiken' }).click()]);
	await page.locator('.meddelande.ok').waitFor();
	assert.equal(participant('women'), '15');
	assert.equal(participant('men'), '15');
	await shot(page, 'insats-sparad');
	// Chromium notes the refused form's 422 in the console; nothing else.
	assert.deepEqual(page.problems.filter(p => !/status of 422/.test(p)), []);
});
