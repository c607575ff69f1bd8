import { defineConfig } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PORT = Number(process.env.E2E_PORT ?? 4317);
const XSS_PORT = Number(process.env.E2E_XSS_PORT ?? 4318);
// A fresh temporary database per run: the real start path migrates it and imports the demo year.
const DATABASE_PATH = process.env.E2E_DATABASE_PATH ?? join(tmpdir(), `apm-e2e-${Date.now()}.sqlite`);
process.env.E2E_DATABASE_PATH = DATABASE_PATH;
// A second server on its own empty database, for hostile imported text and the public dashboard.
const XSS_DATABASE_PATH = process.env.E2E_XSS_DATABASE_PATH ?? join(tmpdir(), `apm-e2e-xss-${Date.now()}.sqlite`);
process.env.E2E_XSS_DATABASE_PATH = XSS_DATABASE_PATH;
// The import workspace's uploads (removed by the teardown), and a small upload limit so the limit can be tested.
const UPLOAD_DIR = process.env.E2E_UPLOAD_DIR ?? join(tmpdir(), `apm-e2e-uploads-${Date.now()}`);
process.env.E2E_UPLOAD_DIR = UPLOAD_DIR;
process.env.E2E_UPLOAD_MAX_MB ??= '1';

const VIEWER_STATE = join(import.meta.dirname, '../test-results/.auth/viewer.json');

export default defineConfig({
	testDir: 'e2e',
	globalTeardown: './global-teardown.ts',
	outputDir: '../test-results',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	reporter: [['list']],
	timeout: 30_000,
	use: {
		baseURL: `http://localhost:${PORT}`,
		browserName: 'chromium',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-dev-shm-usage',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		}
	},
	projects: [
		// Creates the users through `npm run user`, logs in once per role and saves each browser state.
		{ name: 'setup', testMatch: /auth\.setup\.ts$/ },
		// Every spec runs as a viewer unless it says otherwise (test.use({ storageState })).
		{ name: 'chromium', dependencies: ['setup'], testIgnore: /auth\.setup\.ts$/, use: { storageState: VIEWER_STATE } }
	],
	webServer: [
		{
			command: 'npx tsx scripts/start.ts',
			cwd: '..',
			url: `http://localhost:${PORT}/login`,
			reuseExistingServer: false,
			timeout: 180_000,
			stdout: 'pipe',
			// No ORIGIN, as `npm start` runs by default: the app takes the address each request came to, so it is
			// reached at localhost and at 127.0.0.1 alike (login-address.spec.ts).
			// WRITE_WAIT_MS: a write that finds another writer at work gives up after 3 s (busy.spec.ts).
			env: {
				PORT: String(PORT),
				HOST: '127.0.0.1',
				DATABASE_PATH,
				UPLOAD_MAX_MB: process.env.E2E_UPLOAD_MAX_MB,
				UPLOAD_DIR,
				WRITE_WAIT_MS: '3000'
			}
		},
		{
			// 127.0.0.1, not localhost: cookies ignore ports, and this server must not see the other's session cookies.
			command: 'npx tsx scripts/start.ts',
			cwd: '..',
			url: `http://127.0.0.1:${XSS_PORT}/login`,
			reuseExistingServer: false,
			timeout: 180_000,
			stdout: 'pipe',
			env: {
				PORT: String(XSS_PORT),
				HOST: '127.0.0.1',
				DATABASE_PATH: XSS_DATABASE_PATH,
				ORIGIN: `http://127.0.0.1:${XSS_PORT}`,
				DEMO_DATA: 'false',
				PUBLIC_DASHBOARD: 'true'
			}
		}
	]
});
