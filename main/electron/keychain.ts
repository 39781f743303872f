/**
 * Electron's `safeStorage` as a {@link SecretBox}: secrets sealed with a key the OS keychain
 * keeps (Keychain on macOS, DPAPI on Windows, libsecret or KWallet on Linux).
 */
import { safeStorage } from 'electron';
import type { SecretBox } from '../core/secret-box.js';

/** The OS keychain, or `isAvailable() === false` where it would only pretend to protect secrets. */
export function createKeychainBox(): SecretBox {
  return {
    isAvailable: () =>
      safeStorage.isEncryptionAvailable() &&
      // On Linux without a keyring, Electron falls back to a hard-coded password: not protection.
      (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text'),
    seal: (plain) => safeStorage.encryptString(plain).toString('base64'),
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  };
}
