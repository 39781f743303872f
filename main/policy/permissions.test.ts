import { describe, expect, it } from 'vitest';
import { APP_PAGE_PERMISSIONS, isPermissionGranted } from './permissions.js';

describe('isPermissionGranted', () => {
  const denied = [
    'media', 'geolocation', 'notifications', 'midi', 'midiSysex', 'pointerLock', 'fullscreen',
    'openExternal', 'clipboard-read', 'clipboard-sanitized-write', 'hid', 'serial', 'usb',
    'display-capture', 'window-management', 'idle-detection', 'storage-access', 'fileSystem', 'unknown',
  ];

  it.each(denied)('denies %s, even to the app’s own page', (permission) => {
    expect(isPermissionGranted({ permission, requestingUrl: 'app://tailstream/index.html' })).toBe(false);
    expect(isPermissionGranted({ permission, requestingUrl: 'https://example.com/' })).toBe(false);
    expect(isPermissionGranted({ permission, requestingUrl: '' })).toBe(false);
  });

  it.each(APP_PAGE_PERMISSIONS)('grants %s (reaching the embedded server) to the app’s page only', (permission) => {
    expect(isPermissionGranted({ permission, requestingUrl: 'app://tailstream/index.html' })).toBe(true);
    expect(isPermissionGranted({ permission, requestingUrl: 'app://tailstream' })).toBe(true);
    expect(isPermissionGranted({ permission, requestingUrl: 'https://evil.example/' })).toBe(false);
    expect(isPermissionGranted({ permission, requestingUrl: 'http://127.0.0.1:4000/' })).toBe(false);
    expect(isPermissionGranted({ permission, requestingUrl: 'app://other/' })).toBe(false);
    expect(isPermissionGranted({ permission, requestingUrl: '' })).toBe(false);
  });

  it('grants nothing beyond loopback access', () => {
    expect(APP_PAGE_PERMISSIONS).toEqual(['loopback-network', 'local-network-access']);
  });
});
