import { describeAssertionReplayStoreContract } from '../../../test/port-suites/assertion-replay-store.suite.js';
import { InMemoryAssertionReplayStore } from './in-memory-assertion-replay-store.js';

describeAssertionReplayStoreContract('in memory', async () => new InMemoryAssertionReplayStore());
