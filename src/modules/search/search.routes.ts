import type { AppContext } from '../../context.js';
import type { Http } from '../../http/types.js';
import * as s from './search.schemas.js';
import type { SearchService } from './search.service.js';

export function searchRoutes(search: SearchService) {
  return async (app: Http, _ctx: AppContext) => {
    app.get('/search', { schema: s.search }, async (req) => search.search(req.query));
    app.get('/search/suggest', { schema: s.suggest }, async (req) => ({ suggestions: await search.suggest(req.query.q) }));
    app.get('/search/trending', { schema: s.trending }, async (req) => ({ queries: await search.trending(req.query.limit ?? 10) }));
  };
}
