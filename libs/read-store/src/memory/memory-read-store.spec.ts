import { readStoreContract } from '../read-store.contract';
import { MemoryReadStore } from './memory-read-store';

readStoreContract('MemoryReadStore', async () => {
  const store = new MemoryReadStore();
  return { store, dispose: () => store.close() };
});
