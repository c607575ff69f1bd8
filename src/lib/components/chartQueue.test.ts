import { describe, expect, it } from 'vitest';
import { createChartQueue, type ChartQueueHost } from './chartQueue';

/** Elements in page order (by their index), as `compareDocumentPosition` tells it. */
function element(index: number): Element {
	return { index, compareDocumentPosition: (other: { index: number }) => (other.index > index ? 4 : 2) } as unknown as Element;
}

/** A host whose visibility, idle periods and "draws ahead" the test controls; tasks are microtask turns. */
function fakeHost(drawsAhead: boolean) {
	const visibility = new Map<Element, (visible: boolean) => void>();
	const idlers: (() => void)[] = [];
	const host: ChartQueueHost = {
		observe(el, onVisible) {
			visibility.set(el, onVisible);
			return () => visibility.delete(el);
		},
		drawsAhead: () => drawsAhead,
		idle: () => new Promise<void>((resolve) => idlers.push(resolve)),
		yieldToMain: () => Promise.resolve()
	};
	return {
		host,
		show: (el: Element) => visibility.get(el)?.(true),
		observed: () => visibility.size,
		idle: () => idlers.splice(0).forEach((resolve) => resolve())
	};
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('chart queue', () => {
	it('draws the charts in view first, then (drawing ahead) the others one per idle period, in page order', async () => {
		const fake = fakeHost(true);
		const queue = createChartQueue(fake.host);
		const drawn: number[] = [];
		const els = [0, 1, 2, 3].map(element);
		// Queued out of page order, as components may mount.
		for (const i of [2, 0, 3, 1]) queue.add(els[i], () => void drawn.push(i));
		fake.show(els[3]);
		await settle();
		expect(drawn).toEqual([3]);
		fake.idle();
		await settle();
		expect(drawn).toEqual([3, 0]);
		fake.idle();
		await settle();
		fake.idle();
		await settle();
		expect(drawn).toEqual([3, 0, 1, 2]);
		expect(fake.observed()).toBe(0);
	});

	it('on a phone, draws only the charts that come into view', async () => {
		const fake = fakeHost(false);
		const queue = createChartQueue(fake.host);
		const drawn: number[] = [];
		const els = [0, 1, 2].map(element);
		els.forEach((el, i) => queue.add(el, () => void drawn.push(i)));
		fake.idle();
		await settle();
		expect(drawn).toEqual([]);
		fake.show(els[1]);
		await settle();
		expect(drawn).toEqual([1]);
		// Printing draws the rest.
		await queue.flush();
		expect(drawn).toEqual([1, 0, 2]);
	});

	it('a chart queued again before it is drawn is drawn once, with the newest draw; a cancelled one not at all', async () => {
		const fake = fakeHost(false);
		const queue = createChartQueue(fake.host);
		const drawn: string[] = [];
		const [a, b] = [element(0), element(1)];
		queue.add(a, () => void drawn.push('a: old'));
		queue.add(a, () => void drawn.push('a: new'));
		const cancel = queue.add(b, () => void drawn.push('b'));
		cancel();
		fake.show(a);
		fake.show(b);
		await settle();
		expect(drawn).toEqual(['a: new']);
	});
});
