/**
 * How the property tests choose their inputs (jest `setupFilesAfterEnv` of the unit project, and `runs` for counts).
 *
 * A test run is reproducible by default: every property draws from one fixed seed, so CI and a local run see the same
 * inputs, and a commit goes red only for what it changed. Exploration is a separate, deliberate run:
 * `npm run test:explore` draws a new seed and many more inputs per property (FC_SEED=random, FC_RUNS_FACTOR=40).
 * A failure prints its seed; `FC_SEED=<seed>` replays it. What exploration finds becomes a fixed example in the test.
 */
import fc from "fast-check";

const FIXED_SEED = 20261204;
const raw = process.env.FC_SEED;
if (raw !== undefined && raw !== "random" && !/^-?\d+$/.test(raw)) throw new Error(`FC_SEED must be an integer or "random", got ${JSON.stringify(raw)}`);
const factor = Number(process.env.FC_RUNS_FACTOR ?? 1);
if (!(factor > 0)) throw new Error(`FC_RUNS_FACTOR must be a positive number, got ${JSON.stringify(process.env.FC_RUNS_FACTOR)}`);

if (raw !== "random") fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: raw === undefined ? FIXED_SEED : Number(raw) });

/** A property's number of runs, scaled by FC_RUNS_FACTOR for exploration. */
export const runs = (n: number): number => Math.max(1, Math.ceil(n * factor));
