// `npm run build:web`: the dashboard (web/) bundled by Vite into web/dist, which the API serves at /app/
// (api/routes/dashboard.ts). Its settings are in web/vite.config.mts.
import { spawn } from 'node:child_process';
import path from 'node:path';

export const WEB_ROOT = path.resolve(__dirname, '../web');
export const WEB_DIST = path.join(WEB_ROOT, 'dist');

/**
 * Runs Vite's own command in a child process: Vite is an ES module, and loaded from this CommonJS code it
 * brings a second copy of its bundler that fails the build.
 */
export function buildWeb({ quiet = false }: { quiet?: boolean } = {}): Promise<void> {
  // The package exports no bin path: found beside its package.json.
  const vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin/vite.js');
  const args = [vite, 'build', WEB_ROOT, ...(quiet ? ['--logLevel', 'error'] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
    });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`The dashboard build failed (vite exited ${signal ?? code}).`)),
    );
  });
}

if (require.main === module) {
  buildWeb().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
