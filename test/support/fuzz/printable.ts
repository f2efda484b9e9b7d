/** Control characters, lone surrogates and other invisible characters as \uXXXX, so reports show what was sent. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\ufeff\ufffe\uffff]|[\ud800-\udfff]/gu, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** At most `max` characters: the start and the end, with the size of what was cut. */
export function trimmed(text: string, max = 600): string {
  if (text.length <= max) return printable(text);
  const head = Math.floor(max * 0.75);
  const tail = max - head;
  return `${printable(text.slice(0, head))}…[${text.length - max} more chars]…${printable(text.slice(-tail))}`;
}
