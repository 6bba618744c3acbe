import { describe } from 'vitest';
import { EmbeddedHotelSearch } from '../../lambdas/adapters/search/embedded-search';
import { searchBehaviour } from './search-behaviour';

describe('embedded search (MiniSearch)', () => {
  searchBehaviour(async () => new EmbeddedHotelSearch());
});
