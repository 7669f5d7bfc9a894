import { describeAssertionReplayStoreContract } from '../../../test/contracts/assertion-replay-store.contract.js';
import { InMemoryAssertionReplayStore } from './in-memory-assertion-replay-store.js';

describeAssertionReplayStoreContract('in memory', async () => new InMemoryAssertionReplayStore());
