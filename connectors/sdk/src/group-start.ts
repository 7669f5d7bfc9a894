/**
 * @module group-start
 * kafkajs places a group without committed offsets at the topic's end lazily, on its first fetch
 * after `run()` returns — so a message produced in between (a request sent the moment `serve()`
 * resolved, an answer to it) is skipped. Before joining, the partitions the group has never
 * committed are set to the topic's current end: nothing produced after that point slips past, and
 * nothing older is replayed. Partitions already committed are left alone (a restart resumes), and
 * so is a group whose members are already running.
 */
import type { Kafka } from 'kafkajs';

const ATTEMPTS = 8;

/**
 * Retriable broker answers (a new group's coordinator still being chosen — NOT_COORDINATOR on a
 * fresh broker — or one moving) are tried again with a growing pause; anything else fails at once.
 */
export async function startGroupAtEnd(kafka: Kafka, groupId: string, topic: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await setUncommittedToEnd(kafka, groupId, topic);
    } catch (error) {
      if (attempt >= ATTEMPTS || (error as { retriable?: boolean }).retriable !== true) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  }
}

async function setUncommittedToEnd(kafka: Kafka, groupId: string, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const fresh = new Set((committed?.partitions ?? []).filter((p) => p.offset === '-1').map((p) => p.partition));
    if (fresh.size === 0) return;
    // Members already running read from where they are; offsets of an active group cannot be set.
    const [group] = (await admin.describeGroups([groupId])).groups;
    if (group && group.state !== 'Empty' && group.state !== 'Dead') return;
    const ends = await admin.fetchTopicOffsets(topic);
    await admin.setOffsets({
      groupId,
      topic,
      partitions: ends.filter((p) => fresh.has(p.partition)).map((p) => ({ partition: p.partition, offset: p.high })),
    });
  } finally {
    await admin.disconnect();
  }
}
