/** Live Polymarket ingestion: the one import for the CLI, the RPC layer and the sync worker. */
export {
  ingestPolymarket, IncompleteIngestError, CHECKPOINT_SOURCE, DEFAULT_DATA, DEFAULT_GAMMA,
  type PolymarketIngestOptions, type PolymarketIngestReport, type IncompleteMarket,
} from './ingestPolymarket.ts';
export { PolymarketHttp, UpstreamError, type FaultKind, type HttpClientOptions, type RetryNotice } from './httpClient.ts';
export { mapMarket, mapOutcome, mapTrade, mapV2Resolution, MappingError, type MakerTaker } from './mapping.ts';
export { categoryFromTags, POLYMARKET_CATEGORIES, UNCATEGORIZED } from './categoryFromTags.ts';
export { GammaMarket, GammaEvent, DataTrade, DataTradeV2 } from './schemas.ts';
export { ingestPolymarketFiles, type FilesReport } from './loadFiles.ts';
