import { describeDocumentRepositoryContract } from '../../../test/port-suites/document-repository.suite.js';
import { InMemoryDocumentRepository } from './in-memory-document-repository.js';

describeDocumentRepositoryContract('in memory', async () => new InMemoryDocumentRepository());
