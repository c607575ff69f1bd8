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

export default defineConfig(({ command }) => ({
	plugins: [echartsProduction, sveltekit()],
	ssr: command === 'build' ? { noExternal: ['echarts', 'zrender'] } : {},
	test: {
		include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
		environment: 'node',
		expect: { requireAssertions: true },
		testTimeout: 30_000
	}
}));
