import { describe, expect, it } from 'vitest';
import { MIN_WINDOW_HEIGHT, MIN_WINDOW_WIDTH } from '../lifecycle/bounds.js';
import { buildWebPreferences, buildWindowOptions } from './window-options.js';

const base = {
  bounds: { x: 10, y: 20, width: 1000, height: 700 },
  preloadPath: '/opt/tailstream/dist/main/preload.cjs',
  allowDevTools: false,
  backgroundColor: '#1e1e1e',
};

describe('buildWebPreferences', () => {
  const prefs = buildWebPreferences('/p/preload.cjs', false);

  it('isolates and sandboxes the renderer, without Node', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and risky features off', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('additionalArguments');
  });

  it('loads the bundled preload', () => {
    expect(prefs.preload).toBe('/p/preload.cjs');
  });

  it('offers developer tools only when asked (development builds)', () => {
    expect(prefs.devTools).toBe(false);
    expect(buildWebPreferences('/p/preload.cjs', true).devTools).toBe(true);
  });
});

describe('buildWindowOptions', () => {
  it('opens at the restored bounds, hidden until the first paint', () => {
    const options = buildWindowOptions(base);
    expect(options).toMatchObject({ x: 10, y: 20, width: 1000, height: 700, show: false, title: 'Tailstream' });
    expect(options.minWidth).toBe(MIN_WINDOW_WIDTH);
    expect(options.minHeight).toBe(MIN_WINDOW_HEIGHT);
    expect(options.backgroundColor).toBe('#1e1e1e');
  });

  it('lets the OS place a window that has no remembered position', () => {
    const options = buildWindowOptions({ ...base, bounds: { width: 800, height: 600 } });
    expect(options).not.toHaveProperty('x');
    expect(options).not.toHaveProperty('y');
  });

  it('carries the hardened web preferences', () => {
    expect(buildWindowOptions(base).webPreferences).toEqual(buildWebPreferences(base.preloadPath, false));
  });

  it('sets a window icon only when one is given', () => {
    expect(buildWindowOptions(base)).not.toHaveProperty('icon');
    expect(buildWindowOptions({ ...base, iconPath: '/a/icon.png' }).icon).toBe('/a/icon.png');
  });
});
