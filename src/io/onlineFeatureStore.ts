import type { CustomerFeatureStore, StoredFeatures } from "../serving/api.js";
import { toFeatureRows } from "../store/featureRows.js";
import type { OnlineStore } from "./onlineStore.js";

/**
 * The online store as the scoring API reads it: a lookup becomes one scoring row (a one-row frame
 * with the store's levels) with its freshness; `open` turns false once {@link OnlineStore.close} ran
 * through the returned `close`.
 */
export function apiFeatureStore(store: OnlineStore): CustomerFeatureStore & { close(): void } {
  let open = true;
  return {
    get open() {
      return open;
    },
    lookup(customerId: string): StoredFeatures | null {
      const found = store.lookup(customerId);
      if (!found) return null;
      const rows = toFeatureRows([found], store.schema);
      return {
        rows: { frame: rows.frame, rows: Uint32Array.of(0), monthlyCharges: rows.monthlyCharges },
        freshness: { asOfMonth: found.asOfMonth, ageMonths: found.ageMonths, stale: found.stale },
      };
    },
    close() {
      open = false;
      store.close();
    },
  };
}
