/** A request body read up to a limit, or the status and reason to answer instead. */
export type BodyRead = { ok: true; bytes: Uint8Array } | { ok: false; status: 400 | 413; reason: string };

/**
 * Reads at most `limit` bytes of a request body. A declared Content-Length over the limit is refused before a byte is
 * read, and a chunked body stops being read as soon as it passes the limit, so an oversized body costs the
 * collector no more than the limit in memory.
 */
export async function readBody(request: Request, limit: number): Promise<BodyRead> {
  const tooLarge = { ok: false, status: 413, reason: `a receipt body may have at most ${limit} bytes` } as const;
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limit) return tooLarge;
  if (!request.body) return { ok: true, bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        return tooLarge;
      }
      chunks.push(value);
    }
  } catch {
    return { ok: false, status: 400, reason: 'the request body could not be read to its end' };
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, bytes };
}
