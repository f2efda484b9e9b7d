/** How ContentVector.vector stores a vector: its float32 values, little-endian, nothing else. */
export const toBytes = (vector: readonly number[]) => new Uint8Array(Float32Array.from(vector).buffer);
export const fromBytes = (bytes: Uint8Array) => new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
