import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Content Security Policy. 'auto': SvelteKit adds a nonce (or, on prerendered pages, a hash) for its own
		// inline start-up script, so no script needs 'unsafe-inline' or 'unsafe-eval'. Styles allow inline
		// attributes: ECharts' SVG renderer and Svelte's style: directives write style="…".
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self', 'data:'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		},
		// SvelteKit's own check that form posts come from this origin (CSRF) stays on: no origin is trusted.
		csrf: { trustedOrigins: [] }
	}
};

export default config;
