import { describe } from 'vitest';
import { EmbeddedHotelSearch } from '../../lambdas/adapters/search/embedded-search';
import { searchBehaviour } from './search-behaviour';
import { searchIndexWriterBehaviour } from './search-index-writer-behaviour';
import { searchRatesBehaviour } from './search-rates-behaviour';

describe('embedded search (MiniSearch)', () => {
  searchBehaviour(async () => new EmbeddedHotelSearch());
});

describe('embedded search: rates (price orders, room filter)', () => {
  searchRatesBehaviour(async () => new EmbeddedHotelSearch());
});

describe("embedded search: the indexer's batch writes", () => {
  searchIndexWriterBehaviour(async () => new EmbeddedHotelSearch());
});
