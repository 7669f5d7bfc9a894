import { describeDocumentRepositoryContract } from '../../../test/contracts/document-repository.contract.js';
import { InMemoryDocumentRepository } from './in-memory-document-repository.js';

describeDocumentRepositoryContract('in memory', async () => new InMemoryDocumentRepository());
