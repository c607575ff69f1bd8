import type yauzl from 'yauzl';

/** The ZIP's next entry (a yauzl reader opened with lazyEntries), or null at the end. */
export function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | null> {
	return new Promise((resolve, reject) => {
		const cleanup = () => {
			zip.off('entry', onEntry);
			zip.off('end', onEnd);
			zip.off('error', onError);
		};
		const onEntry = (e: yauzl.Entry) => (cleanup(), resolve(e));
		const onEnd = () => (cleanup(), resolve(null));
		const onError = (e: Error) => (cleanup(), reject(e));
		zip.on('entry', onEntry);
		zip.on('end', onEnd);
		zip.on('error', onError);
		zip.readEntry();
	});
}
