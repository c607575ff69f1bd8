import { defineConfig } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PORT = Number(process.env.E2E_PORT ?? 4317);
// A fresh temporary database per run: the real start path migrates it and imports the demo year.
const DATABASE_PATH = process.env.E2E_DATABASE_PATH ?? join(tmpdir(), `apm-e2e-${Date.now()}.sqlite`);
process.env.E2E_DATABASE_PATH = DATABASE_PATH;

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
			args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
		}
	},
	webServer: {
		command: 'npx tsx scripts/start.ts',
		cwd: '..',
		url: `http://localhost:${PORT}`,
		reuseExistingServer: false,
		timeout: 180_000,
		stdout: 'pipe',
		env: { PORT: String(PORT), HOST: '127.0.0.1', DATABASE_PATH }
	}
});
