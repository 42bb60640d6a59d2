/** `node --import .../module-register.js`: installs module-hooks.js. */
import { register } from 'node:module';

register('./module-hooks.js', import.meta.url);
