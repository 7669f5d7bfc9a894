/**
 * Opening dead letters through the hub, as a security admin does: the letter as read from the `dlq`
 * topic goes to `POST /v1/dead-letters/open`, and the original comes back.
 */
import type { OpenedDeadLetter } from '../../src/core/bus/dead-letter-opener.js';
import type { HubFixture } from './hub-fixture.js';
import type { CollectedMessage } from './kafka-probe.js';

export async function openThroughHub(fixture: HubFixture, letter: CollectedMessage, token = fixture.adminToken): Promise<OpenedDeadLetter> {
  const response = await fixture.call('POST', '/v1/dead-letters/open', { headers: letter.headers, value: letter.value }, token);
  if (response.status !== 200) throw new Error(`opening a dead letter: ${response.status} ${await response.text()}`);
  return (await response.json()) as OpenedDeadLetter;
}

/** The original value of an opened dead letter as text (base64 values decoded). */
export function openedText(opened: OpenedDeadLetter): string {
  return opened.value ?? Buffer.from(opened.valueBase64 ?? '', 'base64').toString('utf8');
}
