/** A request body of undeclared length: fetch sends it chunked, with no Content-Length. */
export function chunkedBody(text: string | Uint8Array, chunkSize = 64 * 1024): Pick<RequestInit, 'body'> & { duplex: 'half' } {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  let offset = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, (offset += chunkSize)));
    },
  });
  return { body, duplex: 'half' };
}
