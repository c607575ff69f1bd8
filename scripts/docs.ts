import { readFileSync, writeFileSync } from 'node:fs';
import { replaceColumns } from './docs/csv-columns';

const path = 'data/README.md';
writeFileSync(path, replaceColumns(readFileSync(path, 'utf8')));
console.log(`${path}: column tables regenerated`);
