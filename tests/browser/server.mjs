// The real `finsam serve` for a browser test: the bundled example in a
// fresh directory, one user per role, the server on a free loopback port.
// $FINSAM names the binary (tests/run sets it).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const FINSAM = process.env.FINSAM || join(here, '../../build/finsam');
export const PASSWORD = 'hemligt-losen-1';
export const ARTEFACTS = join(here, 'artefakter');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export async function startServer() {
	const dir = mkdtempSync(join(tmpdir(), 'finsam-browser-'));
	const ex = join(dir, 'ex');
	execFileSync(FINSAM, ['example', ex], { stdio: 'ignore' });
	const users = [['anna', 'admin'], ['erik', 'ekonom'], ['lars', 'läsare']];
	for (const [name, role] of users)
		execFileSync(FINSAM, ['-d', join(ex, 'finsam.db'), 'user', 'add', name, '--role', role],
			{ input: PASSWORD + '\n', stdio: ['pipe', 'ignore', 'inherit'] });
	execFileSync(FINSAM, ['-d', join(ex, 'finsam.db'), 'user', 'add', 'ida', '--role',
		'insatsägare', '--intervention', 'CTL'],
		{ input: PASSWORD + '\n', stdio: ['pipe', 'ignore', 'inherit'] });
	const proc = spawn(FINSAM, ['-d', join(ex, 'finsam.db'), 'serve', '--listen', '127.0.0.1:0'],
		{ cwd: ex, stdio: ['ignore', 'pipe', 'pipe'] });
	let log = '';
	proc.stderr.on('data', d => { log += d; });
	const url = await new Promise((resolve, reject) => {
		let out = '';
		proc.stdout.on('data', d => {
			out += d;
			const m = out.match(/lyssnar på (http:\S+?)\/ /);
			if (m) resolve(m[1]);
		});
		proc.on('exit', code => reject(new Error(`finsam serve exited ${code}: ${log}`)));
	});
	const stop = async () => {
		const done = new Promise(r => proc.on('exit', code => r(code)));
		proc.kill('SIGTERM');
		const code = await done;
		rmSync(dir, { recursive: true, force: true });
		return code;
	};
	return { url, dir: ex, db: join(ex, 'finsam.db'), stop, log: () => log };
}

export async function launch() {
	mkdirSync(ARTEFACTS, { recursive: true });
	return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

// A new page, logged in as `user`; console errors and failed requests are
// collected in page.problems (a test asserts there are none).
export async function loggedIn(browser, url, user, viewport = { width: 1280, height: 900 }) {
	const context = await browser.newContext({ viewport, acceptDownloads: true });
	const page = await context.newPage();
	page.problems = [];
	page.on('console', m => { if (m.type() === 'error') page.problems.push(m.text()); });
	page.on('pageerror', e => page.problems.push(String(e)));
	await page.goto(url + '/logga-in');
	await page.getByLabel('Användarnamn').fill(user);
	await page.getByLabel('Lösenord').fill(PASSWORD);
	await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Logga in' }).click()]);
	return page;
}

export async function shot(page, name) {
	await page.screenshot({ path: join(ARTEFACTS, name + '.png'), fullPage: true });
}

// Run the CLI on the test's store; its standard output.
export function cli(server, ...args) {
	return execFileSync(FINSAM, ['-d', server.db, ...args], { encoding: 'utf8' });
}
