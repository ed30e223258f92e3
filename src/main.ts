import { boot } from './boot.js';

// The all process: web server and job worker in one (the embedded default).
await boot('all');
