// Base64 packs 3 bytes into 4 characters, so how a secret's bytes encode inside a longer base64 text depends
// on where they start: at a multiple of 3 bytes, or 1 or 2 bytes after one.
const ALIGNMENTS = [0, 1, 2];

function withoutPadding(encoded: string): string {
  let end = encoded.length;
  while (end > 0 && encoded[end - 1] === '=') end--;
  return encoded.slice(0, end);
}

/**
 * The characters of the base64 encoding of `bytes` that stay the same whatever bytes come before and after
 * them, when they start `offset` bytes after a multiple of 3: each character holds 6 bits, and those at
 * either end that share bits with the neighbouring bytes are left out.
 */
function base64Core(
  bytes: Buffer,
  offset: number,
  encoding: 'base64' | 'base64url',
): string {
  const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString(
    encoding,
  );
  const start = Math.ceil((8 * offset) / 6);
  const end = Math.floor((8 * (offset + bytes.length)) / 6);
  return encoded.slice(start, end);
}

function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const whole = bytes.toString('base64');
  const forms = [whole, withoutPadding(whole), bytes.toString('base64url')];
  for (const encoding of ['base64', 'base64url'] as const) {
    for (const offset of ALIGNMENTS) {
      forms.push(base64Core(bytes, offset, encoding));
    }
  }
  return forms;
}

/**
 * The ways in which `secret` shows up in text: as it is; JSON-escaped, as messages and event payloads
 * quote values; and either of those base64-encoded, in the standard and the URL-safe alphabet, on its own
 * (with and without padding) or inside a longer encoded text, such as a JSON file in a Kubernetes secret,
 * at each of base64's three alignments.
 */
export function secretForms(secret: string): string[] {
  const plain = new Set([secret, JSON.stringify(secret).slice(1, -1)]);
  const forms = new Set(plain);
  for (const text of plain) {
    for (const form of base64Forms(text)) forms.add(form);
  }
  return [...forms];
}
