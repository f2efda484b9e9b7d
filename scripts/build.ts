// npm run build (also run by npm install): src/ compiled into dist/ for `npm start`.
import { buildHerald } from './production-command.ts';

console.log(`Built ${await buildHerald()}`);
