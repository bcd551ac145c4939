import { describe, expect, it } from "vitest";
import { gather } from "../../src/util/gather.js";

describe("gather", () => {
  it("takes entries by index, keeping the array type", () => {
    const out = gather(Int16Array.from([10, 11, 12, 13]), Uint32Array.from([3, 0, 3]));
    expect(out).toBeInstanceOf(Int16Array);
    expect(Array.from(out)).toEqual([13, 10, 13]);
  });

  it("takes whole rows of a row-major array with width > 1", () => {
    const rows = Float64Array.from([0, 1, 10, 11, 20, 21]);
    expect(Array.from(gather(rows, [2, 0], 2))).toEqual([20, 21, 0, 1]);
    expect(gather(rows, [], 2).length).toBe(0);
  });
});
