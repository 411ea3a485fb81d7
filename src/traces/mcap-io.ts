import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { IWritable, McapTypes } from '@mcap/core';

/** Collects an MCAP file in memory (HTTP responses, tests). */
export class MemoryWritable implements IWritable {
  private readonly chunks: Uint8Array[] = [];
  private size = 0n;

  async write(buffer: Uint8Array): Promise<void> {
    // McapWriter may reuse its buffer after write resolves, so keep a copy.
    this.chunks.push(Uint8Array.from(buffer));
    this.size += BigInt(buffer.byteLength);
  }

  position(): bigint {
    return this.size;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** Writes an MCAP file to disk; call `close()` after the export resolves. */
export class FileWritable implements IWritable {
  private offset = 0n;

  private constructor(private readonly handle: FileHandle) {}

  static async create(path: string): Promise<FileWritable> {
    return new FileWritable(await open(path, 'w'));
  }

  async write(buffer: Uint8Array): Promise<void> {
    let written = 0;
    while (written < buffer.byteLength) {
      const { bytesWritten } = await this.handle.write(buffer, written, buffer.byteLength - written);
      written += bytesWritten;
    }
    this.offset += BigInt(buffer.byteLength);
  }

  position(): bigint {
    return this.offset;
  }

  async close(): Promise<void> {
    await this.handle.sync();
    await this.handle.close();
  }
}

/** Random access over an in-memory MCAP file, for `McapIndexedReader.Initialize({ readable })`. */
export class BufferReadable implements McapTypes.IReadable {
  constructor(private readonly buffer: Uint8Array) {}

  async size(): Promise<bigint> {
    return BigInt(this.buffer.byteLength);
  }

  async read(offset: bigint, size: bigint): Promise<Uint8Array> {
    const start = Number(offset);
    const end = start + Number(size);
    if (start < 0 || end > this.buffer.byteLength) throw new RangeError(`read ${start}..${end} outside ${this.buffer.byteLength} bytes`);
    return this.buffer.subarray(start, end);
  }
}
