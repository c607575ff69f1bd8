/** A region and all regions below it (a city's districts, an economic region's towns), by the parent links. */
export function descendantsOf(code: string, regions: readonly { code: string; parent: string | null }[]): string[] {
	const children = new Map<string, string[]>();
	for (const r of regions) if (r.parent) children.set(r.parent, [...(children.get(r.parent) ?? []), r.code]);
	const out: string[] = [];
	const stack = [code];
	while (stack.length) {
		const c = stack.pop()!;
		if (out.includes(c)) continue;
		out.push(c);
		stack.push(...(children.get(c) ?? []));
	}
	return out;
}
