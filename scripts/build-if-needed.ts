import { buildIfNeeded } from './lib/build';

buildIfNeeded();
