import { boot } from './boot.js';

// The worker process.
await boot('worker');
