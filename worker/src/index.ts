import { installEnglishMessages } from '@crowdbandit/protocol';
import { edge } from './app.ts';

installEnglishMessages();

export { ClientShard } from './client-shard.ts';
export { IssuanceLimiter } from './issuance-limiter.ts';
export { PriorsAggregator } from './priors-aggregator.ts';

export default edge satisfies ExportedHandler<Env>;
