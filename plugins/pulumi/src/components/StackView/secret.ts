/** How the backend shows a secret value; the browser never sees the real one. */
export const SECRET_PLACEHOLDER = '[secret]';
