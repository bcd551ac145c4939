/**
 * Install-layer smoke tests: every runtime dependency in package.json is importable from this
 * project (ESM, NodeNext) and does one small real thing whose result is checked, and the npm
 * `overrides` documented in environment.md are in effect. Fast by design: the whole file takes
 * 2.5–4 s on the 2-core CI machine (importing danfojs-node + tfjs about 0.5 s of it, the tslab
 * kernel round trip 1.5–2 s); with both cores saturated by other work it took up to 15 s, so the
 * kernel test alone gets a 60 s timeout.
 */
import { spawn } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fromCSV } from "arquero";
import * as dfd from "danfojs-node";
import { Matrix } from "ml-matrix";
import { RandomForestClassifier } from "ml-random-forest";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";

const require = createRequire(import.meta.url);

/** ml-logistic-regression ships no type declarations: the slice of its API used here. */
interface MlLogisticRegression {
  train(X: Matrix, Y: Matrix): void;
  predict(X: Matrix): number[];
}
type MlLogisticRegressionCtor = new (options: { numSteps: number; learningRate: number }) => MlLogisticRegression;

/** `version` (and `name`) of an installed package, read from its package.json next to `require.resolve(entry)`. */
function installedManifest(entry: string, from: NodeJS.Require = require): { name: string; version: string } {
  let dir = dirname(from.resolve(entry));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (manifest.name !== undefined && manifest.version !== undefined) return { name: manifest.name, version: manifest.version };
    } catch {
      // no package.json at this level: keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${JSON.stringify(from.resolve(entry))}`);
    dir = parent;
  }
}

describe("exact pins in package.json match what is installed", () => {
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    dependencies: Record<string, string>;
  };
  const exact = Object.entries(manifest.dependencies).filter(([, range]) => /^\d+\.\d+\.\d+$/.test(range));

  it("pins the fragile runtime packages exactly", () => {
    expect(exact.map(([name]) => name)).toEqual(
      expect.arrayContaining(["arquero", "danfojs-node", "ml-logistic-regression", "ml-matrix", "ml-random-forest", "plotly.js-dist", "tslab"]),
    );
  });

  it.each(exact)("%s is installed at %s", (name, version) => {
    expect(installedManifest(name)).toEqual({ name, version });
  });
});

describe("npm overrides are in effect (see environment.md)", () => {
  const danfoRequire = createRequire(require.resolve("danfojs-node"));

  it("danfojs-node gets pure-JS @tensorflow/tfjs 3.21.0 in place of the native @tensorflow/tfjs-node", () => {
    expect(installedManifest("@tensorflow/tfjs-node", danfoRequire)).toEqual({ name: "@tensorflow/tfjs", version: "3.21.0" });
  });

  it("danfojs-node gets @cypress/request 4.0.1 in place of the unmaintained request 2.88.2", () => {
    expect(installedManifest("request", danfoRequire)).toEqual({ name: "@cypress/request", version: "4.0.1" });
  });

  it("xlsx comes from the registry at 0.18.5, not the CDN tarball", () => {
    expect(installedManifest("xlsx", danfoRequire)).toEqual({ name: "xlsx", version: "0.18.5" });
  });

  it("arquero gets @uwdata/flechette 2.6.0 (2.7.0 depends on a package missing from the registry)", () => {
    expect(installedManifest("@uwdata/flechette", createRequire(require.resolve("arquero")))).toEqual({
      name: "@uwdata/flechette",
      version: "2.6.0",
    });
  });
});

describe("arquero", () => {
  it("fromCSV parses a quoted field holding a comma and a newline", () => {
    const csv = 'id,comment,score\n1,"late fee, then\ncancelled",0.25\n2,plain,1.5\n';
    const table = fromCSV(csv);
    expect(table.numRows()).toBe(2);
    expect(table.columnNames()).toEqual(["id", "comment", "score"]);
    expect(table.get("comment", 0)).toBe("late fee, then\ncancelled");
    expect(table.get("comment", 1)).toBe("plain");
    expect(table.array("score")).toEqual([0.25, 1.5]);
    expect(table.array("id")).toEqual([1, 2]);
  });
});

describe("ml-logistic-regression", () => {
  it("fits a separable 1-D set (with an explicit bias column) and predicts both classes", () => {
    const LogisticRegression = require("ml-logistic-regression") as MlLogisticRegressionCtor;
    // The library fits no intercept of its own (plain gradient ascent on X·w): column 0 is the bias.
    const X = new Matrix([[1, 0], [1, 1], [1, 2], [1, 3], [1, 7], [1, 8], [1, 9], [1, 10]]);
    const y = Matrix.columnVector([0, 0, 0, 0, 1, 1, 1, 1]);
    const model = new LogisticRegression({ numSteps: 2000, learningRate: 5e-3 });
    model.train(X, y);
    expect(model.predict(new Matrix([[1, 0.5], [1, 1.5], [1, 8.5], [1, 9.5]]))).toEqual([0, 0, 1, 1]);
  });
});

describe("ml-random-forest", () => {
  it("fits a separable 2-D set with a fixed seed and predicts both classes", () => {
    const X = [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
      [5, 5],
      [5, 6],
      [6, 5],
      [6, 6],
    ];
    const y = [0, 0, 0, 0, 1, 1, 1, 1];
    const forest = new RandomForestClassifier({ seed: 7, nEstimators: 15, maxFeatures: 1.0, replacement: false, useSampleBagging: true });
    forest.train(X, y);
    expect(forest.predict([
      [0.5, 0.5],
      [0.2, 0.8],
      [5.5, 5.5],
      [5.8, 5.2],
    ])).toEqual([0, 0, 1, 1]);
  });
});

describe("danfojs-node (notebooks only; loads tfjs)", () => {
  it("builds a DataFrame and computes describe() and head()", () => {
    const df = new dfd.DataFrame({ tenure: [1, 2, 3, 4], charges: [10.5, 20.5, 30.5, 40.5], churn: ["No", "Yes", "No", "Yes"] });
    expect(df.shape).toEqual([4, 3]);
    expect(df.columns).toEqual(["tenure", "charges", "churn"]);
    const summary = df.describe();
    expect(summary.index).toEqual(["count", "mean", "std", "min", "median", "max", "variance"]);
    expect(summary.columns).toEqual(["tenure", "charges"]);
    const rows = summary.values as number[][];
    expect(rows[0]).toEqual([4, 4]);
    expect(rows[1]).toEqual([2.5, 25.5]);
    expect(rows[2]![0]).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(df.head(2).values).toEqual([
      [1, 10.5, "No"],
      [2, 20.5, "Yes"],
    ]);
  });
});

describe("plotly.js-dist (browser bundle: resolved, never imported)", () => {
  it("resolves to a bundle file larger than 3 MB", () => {
    const path = createRequire(import.meta.url).resolve("plotly.js-dist");
    expect(path.endsWith("plotly.js")).toBe(true);
    expect(statSync(path).size).toBeGreaterThan(3 * 1024 * 1024);
  });
});

describe("yaml", () => {
  it("parses a mapping with a flow sequence and a float", () => {
    expect(parseYaml("seed: 42\nhorizonDays: 30\nmodels: [logistic, forest]\nrate: 0.125\n")).toEqual({
      seed: 42,
      horizonDays: 30,
      models: ["logistic", "forest"],
      rate: 0.125,
    });
  });
});

describe("tslab kernel", () => {
  /** A free TCP port on loopback (bound then released). */
  function freePort(): Promise<number> {
    return new Promise((resolvePort, reject) => {
      const server = createServer();
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        const address = server.address();
        if (address === null || typeof address === "string") return reject(new Error("no port"));
        server.close(() => resolvePort(address.port));
      });
    });
  }

  it("starts on loopback, answers kernel_info over ZeroMQ and evaluates TypeScript", { timeout: 60_000 }, async () => {
    const tslabRequire = createRequire(require.resolve("tslab/package.json"));
    const zmq = tslabRequire("zeromq") as typeof import("zeromq");
    const tslabBin = tslabRequire.resolve("./bin/tslab");

    const key = randomUUID();
    const ports = { shell_port: await freePort(), iopub_port: await freePort(), stdin_port: await freePort(), control_port: await freePort(), hb_port: await freePort() };
    const dir = mkdtempSync(join(tmpdir(), "tslab-kernel-"));
    const connectionFile = join(dir, "connection.json");
    writeFileSync(connectionFile, JSON.stringify({ transport: "tcp", ip: "127.0.0.1", signature_scheme: "hmac-sha256", key, ...ports }));

    const kernel = spawn(process.execPath, [tslabBin, "kernel", "--config-path", connectionFile], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    kernel.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolveExit) => kernel.on("exit", (code) => resolveExit(code)));

    const sign = (parts: string[]): string => {
      const hmac = createHmac("sha256", key);
      for (const part of parts) hmac.update(part);
      return hmac.digest("hex");
    };
    const message = (msgType: string, content: object): string[] => {
      const header = JSON.stringify({ msg_id: randomUUID(), username: "ci", session: randomUUID(), date: new Date().toISOString(), msg_type: msgType, version: "5.3" });
      const parts = [header, "{}", "{}", JSON.stringify(content)];
      return ["<IDS|MSG>", sign(parts), ...parts];
    };
    type Wire = { msgType: string; content: Record<string, unknown> };
    const decode = (frames: Buffer[]): Wire => {
      const at = frames.findIndex((frame) => frame.toString() === "<IDS|MSG>");
      const header = JSON.parse(frames[at + 2]!.toString()) as { msg_type: string };
      return { msgType: header.msg_type, content: JSON.parse(frames[at + 5]!.toString()) as Record<string, unknown> };
    };

    const shell = new zmq.Dealer({ receiveTimeout: 30_000 });
    const control = new zmq.Dealer({ receiveTimeout: 30_000 });
    const iopub = new zmq.Subscriber({ receiveTimeout: 30_000 });
    shell.connect(`tcp://127.0.0.1:${ports.shell_port}`);
    control.connect(`tcp://127.0.0.1:${ports.control_port}`);
    iopub.connect(`tcp://127.0.0.1:${ports.iopub_port}`);
    iopub.subscribe();
    try {
      await shell.send(message("kernel_info_request", {}));
      const info = decode(await shell.receive());
      expect(info.msgType).toBe("kernel_info_reply");
      expect(info.content["implementation"]).toBe("tslab");
      expect((info.content["language_info"] as { name: string }).name).toBe("typescript");

      // ZeroMQ's slow-joiner problem: the iopub subscription may reach the kernel after the first
      // replies. Do as jupyter_client does and repeat kernel_info until iopub shows the kernel's status.
      iopub.receiveTimeout = 250;
      for (let attempt = 0; ; attempt++) {
        await shell.send(message("kernel_info_request", {}));
        await shell.receive();
        try {
          if (decode(await iopub.receive()).msgType === "status") break;
        } catch (error) {
          if (attempt >= 40) throw new Error(`no iopub status after ${attempt + 1} kernel_info requests: ${String(error)}`);
        }
      }
      for (;;) {
        // drain what is left of the readiness round trips
        try {
          await iopub.receive();
        } catch {
          break;
        }
      }
      iopub.receiveTimeout = 30_000;

      await shell.send(
        message("execute_request", {
          code: "const xs: number[] = [1, 2, 3];\nxs.reduce((a, b) => a + b, 0) * 7",
          silent: false,
          store_history: true,
          user_expressions: {},
          allow_stdin: false,
        }),
      );
      // tslab echoes the last expression's value on stdout (a `stream` message), then goes idle.
      let output = "";
      for (;;) {
        const msg = decode(await iopub.receive());
        if (msg.msgType === "stream") output += String(msg.content["text"]);
        if (msg.msgType === "error") output += `ERROR ${String(msg.content["evalue"])}`;
        if (msg.msgType === "status" && msg.content["execution_state"] === "idle" && output !== "") break;
      }
      const reply = decode(await shell.receive());
      expect(reply.msgType).toBe("execute_reply");
      expect(reply.content["status"]).toBe("ok");
      expect(output.trim()).toBe("42");

      await control.send(message("shutdown_request", { restart: false }));
      expect(await exited, `kernel stderr: ${stderr}`).toBe(0);
    } finally {
      kernel.kill();
      shell.close();
      control.close();
      iopub.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
