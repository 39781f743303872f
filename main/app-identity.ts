/**
 * Names that identify the desktop app to Electron, the embedded server and the OS. Pure constants:
 * imported by main's policies, its glue and its tests alike, so no side keeps its own copy.
 */

/** The custom scheme the renderer is served from (never `file://`). */
export const APP_SCHEME = 'app';

/** The one host of {@link APP_SCHEME}: every renderer URL is `app://tailstream/...`. */
export const APP_HOST = 'tailstream';

/**
 * The renderer's origin. The embedded server accepts it as an extra origin (exact CORS headers),
 * and every IPC handler accepts calls only from frames at this origin.
 */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The page the window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Product name shown in menus, dialogs and the About panel. */
export const PRODUCT_NAME = 'Tailstream';
