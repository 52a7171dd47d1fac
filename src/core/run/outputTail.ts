import { StringDecoder } from 'node:string_decoder';

type Stream = 'stdout' | 'stderr';

/**
 * The last `limit` characters of a run's output, kept as a short queue of raw chunks so
 * memory stays bounded however much the script prints (at most `limit` bytes plus one chunk).
 */
export class OutputTail {
  private readonly chunks: { stream: Stream; bytes: Buffer }[] = [];
  private keptBytes = 0;
  private dropped = false;

  constructor(private readonly limit: number) {}

  push(stream: Stream, bytes: Buffer): void {
    this.chunks.push({ stream, bytes });
    this.keptBytes += bytes.length;
    for (let first = this.chunks[0]; first && this.keptBytes - first.bytes.length >= this.limit; first = this.chunks[0]) {
      this.chunks.shift();
      this.keptBytes -= first.bytes.length;
      this.dropped = true;
    }
  }

  /** Adds text that did not come from the script (a runner notice). */
  note(text: string): void {
    this.push('stderr', Buffer.from(text));
  }

  text(): string {
    // One decoder per stream: a character split across two chunks of the same stream stays whole.
    const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
    let text = '';
    this.chunks.forEach(({ stream, bytes }, index) => {
      text += decoders[stream].write(index === 0 && this.dropped ? skipContinuationBytes(bytes) : bytes);
    });
    text += decoders.stdout.end() + decoders.stderr.end();
    if (text.length <= this.limit) return text;
    let start = text.length - this.limit;
    if (isLowSurrogate(text.charCodeAt(start))) start += 1;
    return text.slice(start);
  }
}

/** The first kept chunk may begin inside a character whose lead bytes were dropped. */
function skipContinuationBytes(bytes: Buffer): Buffer {
  let start = 0;
  while (start < Math.min(3, bytes.length) && ((bytes[start] ?? 0) & 0xc0) === 0x80) start += 1;
  return bytes.subarray(start);
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
