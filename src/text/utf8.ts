// Strict UTF-8: invalid bytes are refused rather than replaced with U+FFFD, so no text is stored
// altered and every offset indexes into exactly what was sent. One decoder for HTTP bodies and files.
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The text of `bytes`, or null when they are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}
