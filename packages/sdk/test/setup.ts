// The SDK's unit tests run on happy-dom, which has no IndexedDB: fake-indexeddb provides it
// (and the IDB* globals idb's wrappers check against). Tests that need an empty universe of
// databases inject `new IDBFactory()`.
import 'fake-indexeddb/auto';
