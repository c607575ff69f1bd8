/**
 * Draws the charts of a page one at a time, each in its own task, so that a page of charts never holds the main
 * thread for long: charts in (or near) the viewport first, as they come into view; on a wide screen the others
 * too, one per idle period, in page order, so that all are drawn without scrolling (to print, or to glance at).
 * On a phone, where the charts stack far below the fold and the processor is slower, each chart is drawn when
 * it is scrolled to (the page's Print button draws any that are left).
 */

export interface ChartQueueHost {
	/** Calls `onVisible(true|false)` whenever `el` comes near the viewport or leaves it; returns the un-observer. */
	observe(el: Element, onVisible: (visible: boolean) => void): () => void;
	/** Whether charts away from the viewport are drawn when the browser is idle (else only as they come into view). */
	drawsAhead(): boolean;
	/** Resolves when the browser is idle (or after a while, at the latest). */
	idle(): Promise<void>;
	/** Resolves in a new task, so the browser can paint and handle input in between. */
	yieldToMain(): Promise<void>;
}

interface Waiting {
	el: Element;
	draw: () => Promise<void> | void;
	visible: boolean;
	unobserve: () => void;
}

export interface ChartQueue {
	/** Queues a (re)draw of the chart in `el`; a chart already waiting keeps its place. Returns a cancel. */
	add(el: Element, draw: () => Promise<void> | void): () => void;
	/** Draws every waiting chart now, in page order (before printing). */
	flush(): Promise<void>;
}

export function createChartQueue(host: ChartQueueHost): ChartQueue {
	const waiting: Waiting[] = [];
	let running = false;
	let wake: (() => void) | null = null;

	const take = (w: Waiting) => {
		waiting.splice(waiting.indexOf(w), 1);
		w.unobserve();
	};

	async function run(): Promise<void> {
		if (running) return;
		running = true;
		try {
			while (waiting.length) {
				let next = waiting.find((w) => w.visible);
				if (!next) {
					// Nothing in view needs drawing: wait for a chart to come into view, or (wide screens) for an idle moment.
					const visible = new Promise<void>((resolve) => (wake = resolve));
					const ahead = host.drawsAhead();
					await (ahead ? Promise.race([host.idle(), visible]) : visible);
					wake = null;
					next = waiting.find((w) => w.visible) ?? (ahead ? waiting[0] : undefined);
					if (!next) continue;
				}
				take(next);
				await next.draw();
				await host.yieldToMain();
			}
		} finally {
			running = false;
		}
	}

	return {
		add(el, draw) {
			const existing = waiting.find((w) => w.el === el);
			if (existing) {
				existing.draw = draw;
				return () => waiting.includes(existing) && take(existing);
			}
			const w: Waiting = { el, draw, visible: false, unobserve: () => {} };
			w.unobserve = host.observe(el, (visible) => {
				w.visible = visible;
				if (visible) wake?.();
			});
			// Page order, whatever the order the charts were queued in.
			const at = waiting.findIndex((o) => el.compareDocumentPosition?.(o.el) & 4 /* FOLLOWING */);
			waiting.splice(at === -1 ? waiting.length : at, 0, w);
			void run();
			return () => waiting.includes(w) && take(w);
		},
		async flush() {
			while (waiting.length) {
				const next = waiting[0];
				take(next);
				await next.draw();
			}
		}
	};
}

/** The widest screen that gets the one-column (phone and small tablet) layout of the dashboard. */
const NARROW = '(max-width: 960px)';

/**
 * The browser's host: an IntersectionObserver that looks half a screen ahead, drawing ahead only on screens wider
 * than the one-column layout (and not when the reader asked to save data), idle callbacks, task yields.
 */
export function browserHost(): ChartQueueHost {
	const callbacks = new Map<Element, (visible: boolean) => void>();
	const io = new IntersectionObserver(
		(entries) => {
			for (const e of entries) callbacks.get(e.target)?.(e.isIntersecting);
		},
		{ rootMargin: '50% 0px' }
	);
	return {
		drawsAhead: () => !matchMedia(NARROW).matches && !(navigator as { connection?: { saveData?: boolean } }).connection?.saveData,
		observe(el, onVisible) {
			callbacks.set(el, onVisible);
			io.observe(el);
			return () => {
				callbacks.delete(el);
				io.unobserve(el);
			};
		},
		idle: () =>
			new Promise((resolve) => {
				if ('requestIdleCallback' in window) requestIdleCallback(() => resolve(), { timeout: 1000 });
				else setTimeout(resolve, 100);
			}),
		yieldToMain: () => new Promise((resolve) => setTimeout(resolve, 0))
	};
}
