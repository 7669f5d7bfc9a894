/**
 * How the ingest bench cuts its licences into sends. kafkajs puts one send's messages for a
 * partition into one record batch, and the broker refuses a batch over its `message.max.bytes`
 * (1 MiB by default) with MESSAGE_TOO_LARGE. Messages are keyed by their issuer, so with few
 * departments most of a send lands on one or two partitions and a count alone overflows: a send
 * also ends before any one partition's share would pass a byte budget.
 */
import { Partitioners, type Kafka } from 'kafkajs';

/** Well under the broker's default 1 MiB, leaving room for the batch's own framing. */
export const PARTITION_BATCH_BYTES = 768 * 1024;
/** A record's framing beyond its key and value: lengths, offsets, timestamp and the message-id header. */
const RECORD_OVERHEAD = 96;

export interface ChunkSizing {
  maxCount: number;
  maxPartitionBytes: number;
  partitionOf(index: number): number;
  /** Key and value bytes of message `index`. */
  bytesOf(index: number): number;
}

/** Where the send starting at `from` ends (exclusive): at least one message, at most `maxCount`. */
export function chunkEnd(from: number, to: number, sizing: ChunkSizing): number {
  const bytes = new Map<number, number>();
  let end = from;
  while (end < to && end - from < sizing.maxCount) {
    const partition = sizing.partitionOf(end);
    const share = (bytes.get(partition) ?? 0) + sizing.bytesOf(end) + RECORD_OVERHEAD;
    if (share > sizing.maxPartitionBytes && end > from) break;
    bytes.set(partition, share);
    end++;
  }
  return end;
}

/** The partition the producer's default partitioner picks for a key of `topic`, as the broker has it now. */
export async function keyPartitioner(kafka: Kafka, topic: string): Promise<(key: string) => number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    const partitionMetadata = topics[0]?.partitions ?? [];
    if (partitionMetadata.length === 0) throw new Error(`topic ${topic} has no partitions`);
    const partitioner = Partitioners.DefaultPartitioner();
    const known = new Map<string, number>();
    return (key) => {
      let partition = known.get(key);
      if (partition === undefined) known.set(key, (partition = partitioner({ topic, partitionMetadata, message: { key, value: null } })));
      return partition;
    };
  } finally {
    await admin.disconnect();
  }
}
