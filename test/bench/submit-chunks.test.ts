/**
 * The ingest bench's sends stay under the broker's batch limit however few departments (keys)
 * share the partitions.
 */
import { describe, expect, it } from 'vitest';
import { chunkEnd, PARTITION_BATCH_BYTES } from './submit-chunks.js';

const sizing = (partitions: number, bytes: number) => ({
  maxCount: 500,
  maxPartitionBytes: PARTITION_BATCH_BYTES,
  partitionOf: (index: number) => index % partitions,
  bytesOf: () => bytes,
});

describe('the ingest bench cutting its sends', () => {
  it('ends a send before one partition would pass the budget, and at the count otherwise', () => {
    // One department: every message on one partition; 4 KiB licences would make a 2 MB batch of 500.
    const oneKey = chunkEnd(0, 10_000, sizing(1, 4096));
    expect(oneKey).toBeLessThan(500);
    expect(oneKey * (4096 + 96)).toBeLessThanOrEqual(PARTITION_BATCH_BYTES);
    expect((oneKey + 1) * (4096 + 96)).toBeGreaterThan(PARTITION_BATCH_BYTES);
    // Spread over six partitions, 500 of them fit.
    expect(chunkEnd(0, 10_000, sizing(6, 4096))).toBe(500);
    expect(chunkEnd(9_990, 10_000, sizing(6, 4096))).toBe(10_000);
  });

  it('sends a message larger than the budget on its own rather than none', () => {
    expect(chunkEnd(7, 100, sizing(1, 2 * PARTITION_BATCH_BYTES))).toBe(8);
  });
});
