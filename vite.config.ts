import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vitest/config';

/**
 * ECharts is bundled into the server too (server-side chart export). Server code keeps `process.env.NODE_ENV`
 * as it is, so the built server would run ECharts' development checks and warnings unless started with
 * NODE_ENV=production: build ECharts and zrender in production mode, as the browser bundle is. (They are
 * bundled by Vite's server build for this, rather than later by adapter-node.)
 */
const echartsProduction: Plugin = {
	name: 'echarts-production',
	apply: 'build',
	transform(code, id) {
		if (!/[\\/]node_modules[\\/](echarts|zrender)[\\/]/.test(id) || !code.includes('process.env.NODE_ENV')) return null;
		return { code: code.replaceAll('process.env.NODE_ENV', '"production"'), map: null };
	}
};

/**
 * The browser build puts Svelte's and SvelteKit's runtime in one file and the language catalogs with date
 * formatting in another: every page needs both, and as a dozen small files they cost a dozen requests before
 * a page can start (over HTTP/1.1 a browser fetches six at a time from one server). The server build is left as
 * SvelteKit makes it.
 */
const clientChunks: Plugin = {
	name: 'client-chunks',
	apply: 'build',
	enforce: 'post',
	config(config) {
		if (config.build?.ssr) return;
		const groups = [
			{ name: 'framework', test: /[\\/]node_modules[\\/](svelte|@sveltejs[\\/]kit|devalue|esm-env|clsx)[\\/]/ },
			{ name: 'i18n', test: /[\\/]src[\\/]lib[\\/]i18n[\\/]|[\\/]node_modules[\\/]date-fns[\\/]/ }
		];
		return { build: { rollupOptions: { output: { codeSplitting: { groups } } } } };
	}
};

export default defineConfig(({ command }) => ({
	plugins: [echartsProduction, sveltekit(), clientChunks],
	ssr: command === 'build' ? { noExternal: ['echarts', 'zrender'] } : {},
	test: {
		include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
		environment: 'node',
		expect: { requireAssertions: true },
		testTimeout: 30_000
	}
}));
