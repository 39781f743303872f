// Checks electron-builder.yml the way electron-builder itself does before packaging: loaded by its
// own config loader and validated against its own JSON schema (app-builder-lib/scheme.json, via
// app-builder-lib's validateConfiguration). Also checks that every icon the config names exists,
// which electron-builder would only find out halfway through a build.
//
//   node scripts/validate-builder-config.mjs [--config FILE]
//
// Exits 0 when the configuration is valid, 1 with electron-builder's own message when not.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config');
const { DebugLogger } = require('builder-util');

const configIndex = process.argv.indexOf('--config');
const configPath = path.resolve(configIndex !== -1 ? (process.argv[configIndex + 1] ?? '') : path.join(root, 'electron-builder.yml'));

try {
  const config = await getConfig(path.dirname(configPath), configPath, null);
  await validateConfiguration(config, new DebugLogger(false));
  const missing = iconPaths(config).filter((icon) => !existsSync(path.resolve(path.dirname(configPath), icon)));
  if (missing.length > 0) throw new Error(`Icons named in the configuration do not exist: ${missing.join(', ')}`);
  console.log(`${path.relative(process.cwd(), configPath) || configPath}: valid electron-builder configuration`);
} catch (error) {
  console.error(`${configPath}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

/** The icon paths of the top level and the platform sections. */
function iconPaths(config) {
  return [config, config.mac, config.win, config.linux].map((section) => section?.icon).filter((icon) => typeof icon === 'string');
}
