import type { Config } from "../config/config.js";
import { buildScoringApi } from "../serving/api.js";
import { apiFeatureStore } from "./onlineFeatureStore.js";
import { openOnlineStore } from "./onlineStore.js";
import { fromRoot } from "./paths.js";
import { RegistryModelSource } from "./registeredModel.js";

/** A running scoring API: its address, the model source it serves from, and how to stop it. */
export interface RunningScoringApi {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  readonly address: string;
  readonly models: RegistryModelSource;
  /** Stops the alias reload, closes the server (in-flight requests finish) and the online store. */
  close(): Promise<void>;
}

/**
 * Starts the scoring API as `npm run serve` does: the registry model `config.serving.model` (an alias
 * is re-resolved every `reloadMs`, so a promotion is served without a restart), the online store
 * `config.store.online`, bound to `config.serving.host` (127.0.0.1 by default) and `serving.port`
 * (0 = a free port). `onReload` hears every change or failed reload. Throws (naming the file) when
 * the model or the store cannot be opened.
 */
export async function startScoringApi(config: Config, options: { readonly reloadMs?: number; readonly onReload?: (message: string) => void } = {}): Promise<RunningScoringApi> {
  const models = new RegistryModelSource(fromRoot(config.registry.dir), config.serving.model);
  const store = apiFeatureStore(openOnlineStore(fromRoot(config.store.online), { maxFeatureAgeMonths: config.store.maxFeatureAgeMonths }));
  const app = await buildScoringApi({ models, store, bodyLimit: config.serving.bodyLimit, reasonCount: config.decision.reasons });
  const reload = setInterval(() => {
    const r = models.refresh();
    if (r.changed) options.onReload?.(`${config.serving.model} now version ${r.version}`);
    if (r.error) options.onReload?.(`kept version ${r.version}: ${r.error}`);
  }, options.reloadMs ?? 2000);
  reload.unref();
  const address = await app.listen({ host: config.serving.host, port: config.serving.port });
  return {
    address,
    models,
    async close() {
      clearInterval(reload);
      await app.close();
      store.close();
    },
  };
}
