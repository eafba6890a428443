import { buildWeb } from '../../scripts/build-web';

/**
 * The dashboard, built once for the run before any file starts: the browser tests run two files at once, and
 * two Vite builds of one project refuse each other (and would rewrite web/dist under a page being served).
 */
export default async function setup(): Promise<void> {
  await buildWeb({ quiet: true });
}
