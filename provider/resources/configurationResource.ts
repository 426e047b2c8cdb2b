import type { CheckResult, DiffResult, ReadResult, ResourceProvider, UpdateResult, CreateResult } from "@pulumi/pulumi/dynamic";
import type { CosClient } from "../cos/client";
import type { BucketLocation } from "../cos/endpoint";
import { validateBucketName } from "../cos/endpoint";
import { isCosServiceError } from "../cos/errors";
import { diffNormalized } from "../common/diff";
import { Checker, type Obj, plain } from "../common/validate";
import { checkRegion, providerClient, withPropagation } from "../config";

/** The inputs every bucket configuration has. @internal */
export interface ConfigurationInputs extends Obj {
  bucket: string;
  region: string;
  adopt?: boolean;
}

/**
 * What distinguishes one bucket configuration resource (CORS, lifecycle, policy, replication, website) from another.
 * Everything else — bucket/region validation, unknowns, normalised diff, adoption, read-back with drift, the
 * `NoSuchBucket` propagation window — is shared by {@link configurationResource}. @internal
 */
export interface ConfigurationSpec<C> {
  /** For messages, e.g. "CORS configuration". */
  label: string;
  /** The resource's own input properties (besides bucket, region, adopt). */
  properties: readonly string[];
  /** Validates `raw` and returns the normalised (canonical) form of the resource's own properties. */
  normalize(c: Checker, raw: Obj): Obj;
  /** Canonical inputs → the client's model. */
  toConfig(props: Obj): C;
  /** The client's model (live) → canonical inputs, in the same form `normalize` produces. */
  fromConfig(cfg: C): Obj;
  /** Semantic equality for a property whose normalised forms may still differ textually (policy JSON). */
  equal?(key: string, a: unknown, b: unknown): boolean | undefined;
  /** Output-only properties computed from the inputs (e.g. the website endpoint). */
  outputs?(inputs: ConfigurationInputs): Obj;
  /** Cross-resource prerequisites checked right before a write (replication needs versioning). */
  beforeWrite?(client: CosClient, loc: BucketLocation, props: Obj): Promise<void>;
  get(client: CosClient, loc: BucketLocation): Promise<C | undefined>;
  put(client: CosClient, loc: BucketLocation, cfg: C): Promise<void>;
  remove(client: CosClient, loc: BucketLocation): Promise<void>;
}

const BASE = ["bucket", "region", "adopt"] as const;

/** Builds the check/diff/create/read/update/delete of a per-bucket singleton configuration. @internal */
export function configurationResource<C>(spec: ConfigurationSpec<C>): Required<Omit<ResourceProvider, "configure">> {
  const outputKeys = Object.keys(spec.outputs?.({ bucket: "b-1", region: "ap-x" }) ?? {});

  function normalizeAll(c: Checker, raw: Obj): ConfigurationInputs {
    const bucket = c.string("bucket", raw.bucket, { required: true, check: validateBucketName });
    const region = checkRegion(c, raw.region);
    const adopt = c.bool("adopt", raw.adopt);
    const own = spec.normalize(c, raw);
    return { bucket: bucket as string, region: region as string, ...(adopt !== undefined ? { adopt } : {}), ...own };
  }

  /**
   * The input properties of stored properties (any earlier state shape), or of a live document, canonicalised by the
   * tolerant Checker: the same canonical form `check` produces, but a value the input rules reject (a live form COS
   * hands back) is kept rather than dropped, so refresh never loses what is live (issue 11).
   */
  function renormalize(props: Obj): ConfigurationInputs {
    return normalizeAll(new Checker(true), inputsOf(props));
  }

  function inputsOf(props: Obj): ConfigurationInputs {
    const out: Obj = {};
    for (const k of [...BASE, ...spec.properties]) if (props[k] !== undefined) out[k] = props[k];
    return out as ConfigurationInputs;
  }

  function equivalent(a: Obj, b: Obj): boolean {
    const d = diffNormalized(a, b, { replaceOn: [], outputsOnly: [...BASE, ...outputKeys], equal: spec.equal });
    return !d.changes;
  }

  const locOf = (p: Obj): BucketLocation => ({ bucket: p.bucket as string, region: p.region as string });
  const outs = (inputs: ConfigurationInputs): Obj => plain({ ...inputs, ...spec.outputs?.(inputs) });

  async function write(inputs: ConfigurationInputs): Promise<void> {
    const client = providerClient();
    const loc = locOf(inputs);
    await withPropagation(() => spec.beforeWrite?.(client, loc, inputs) ?? Promise.resolve(), `checking ${spec.label} prerequisites`);
    await withPropagation(() => spec.put(client, loc, spec.toConfig(inputs)), `writing the ${spec.label}`);
  }

  return {
    async check(_olds: Obj, news: Obj): Promise<CheckResult> {
      const c = new Checker();
      const inputs = normalizeAll(c, news);
      return c.failures.length > 0 ? { inputs: news, failures: c.failures } : { inputs: plain(inputs) };
    },

    async diff(_id: string, olds: Obj, news: Obj): Promise<DiffResult> {
      const { changed: _changed, ...result } = diffNormalized(renormalize(olds), renormalize(news), {
        replaceOn: ["bucket", "region"],
        outputsOnly: outputKeys,
        equal: spec.equal,
      });
      return result;
    },

    async create(raw: Obj): Promise<CreateResult> {
      const inputs = renormalize(raw);
      const client = providerClient();
      const existing = await withPropagation(() => spec.get(client, locOf(inputs)), `reading the existing ${spec.label}`);
      // Never overwrite by surprise a configuration made outside this stack; an identical one is simply taken over
      // (this also makes a retried create idempotent when its first PUT succeeded but the answer was lost).
      if (existing !== undefined && !inputs.adopt && !equivalent(spec.fromConfig(existing), inputs)) {
        throw new Error(
          `bucket ${inputs.bucket} already has a ${spec.label} that this stack did not create. ` +
            `Set \`adopt: true\` on this resource to take it over (it will be replaced by the declared one), or remove it first.`,
        );
      }
      await write(inputs);
      return { id: inputs.bucket, outs: outs(inputs) };
    },

    async read(id: string, props?: Obj): Promise<ReadResult> {
      const old = renormalize(props ?? {});
      const loc = { bucket: old.bucket ?? id, region: old.region };
      let live: C | undefined;
      try {
        live = await spec.get(providerClient(), loc);
      } catch (e) {
        if (isCosServiceError(e, "NoSuchBucket")) return {}; // the bucket, and with it the configuration, is gone
        throw e;
      }
      if (live === undefined) return {}; // removed out of band: drop from state, the next `up` recreates it
      const liveInputs = renormalize({ ...loc, ...(old.adopt !== undefined ? { adopt: old.adopt } : {}), ...spec.fromConfig(live) });
      // Keep the user's own form (e.g. their policy document) when the live configuration means the same thing.
      const inputs = equivalent(liveInputs, old) ? old : liveInputs;
      return { id: loc.bucket, props: outs(inputs), inputs: plain(inputs) };
    },

    async update(_id: string, _olds: Obj, news: Obj): Promise<UpdateResult> {
      const inputs = renormalize(news);
      await write(inputs);
      return { outs: outs(inputs) };
    },

    async delete(_id: string, props: Obj): Promise<void> {
      const inputs = renormalize(props);
      try {
        await spec.remove(providerClient(), locOf(inputs));
      } catch (e) {
        if (isCosServiceError(e, "NoSuchBucket")) return; // nothing left to delete
        throw e;
      }
    },
  };
}
