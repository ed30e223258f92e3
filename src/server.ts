import { boot } from './boot.js';

// The web process.
await boot('web');
