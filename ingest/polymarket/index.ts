/** Live Polymarket ingestion: the one import for the CLI, the RPC layer and the sync worker. */
export { ingestPolymarket, CHECKPOINT_SOURCE, DEFAULT_DATA, DEFAULT_GAMMA, type PolymarketIngestOptions, type PolymarketIngestReport } from './ingestPolymarket.ts';
export { PolymarketHttp, UpstreamError, type FaultKind, type HttpClientOptions } from './httpClient.ts';
export { mapMarket, mapOutcome, mapTrade, MappingError } from './mapping.ts';
export { GammaMarket, DataTrade } from './schemas.ts';
export { ingestPolymarketFiles, type FilesReport } from './loadFiles.ts';
