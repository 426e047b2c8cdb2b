import type { CheckResult, DiffResult, ReadResult, ResourceProvider, UpdateResult, CreateResult } from "@pulumi/pulumi/dynamic";
import type { CosClient } from "../cos/client";
import type { BucketLocation } from "../cos/endpoint";
import { validateBucketName } from "../cos/endpoint";
import { isCosServiceError } from "../cos/errors";
import { diffNormalized } from "../common/diff";
import { checkKnownProperties, forEngine } from "../common/inputCheck";
import { Checker, type Obj, plain } from "../common/validate";
import { checkRegion, providerClient } from "../config";
import { claimConfiguration, releaseConfiguration, remark, warnIfNotMine, type Claimant } from "./configOwnership";
import { confirmBucketGone, readSettled, staleWindowMs, withPropagation } from "./consistency";
import { isOwnerKey, type OwnerKind, readMark } from "./ownership";
import { forUser } from "./userError";

/** The inputs every bucket configuration has. @internal */
export interface ConfigurationInputs extends Obj {
  bucket: string;
  region: string;
  adopt?: boolean;
  /** The sdk's hidden owner key (README "Adopting what already exists"); absent in state of older versions. */
  ownerKey?: string;
}

/**
 * What distinguishes one bucket configuration resource (CORS, lifecycle, policy, replication, website) from another.
 * Everything else — bucket/region validation, unknowns, normalised diff, adoption, read-back with drift, the
 * `NoSuchBucket` propagation window — is shared by {@link configurationResource}. @internal
 */
export interface ConfigurationSpec<C> {
  /** For messages, e.g. "CORS configuration". */
  label: string;
  /** The ownership mark's kind (`tencentcos:owner:<kind>`); default: the label's first word other than "bucket". */
  kind?: OwnerKind;
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
  /**
   * A live configuration that has no effect, as this resource's own delete leaves it where COS has no DELETE (referer's
   * Status=Disabled fallback): create writes over it without `adopt`, as over nothing, unless another resource's mark
   * is on it. Read still reports it.
   */
  inert?(cfg: C): boolean;
  get(client: CosClient, loc: BucketLocation): Promise<C | undefined>;
  put(client: CosClient, loc: BucketLocation, cfg: C): Promise<void>;
  remove(client: CosClient, loc: BucketLocation): Promise<void>;
}

const BASE = ["bucket", "region", "adopt", "ownerKey"] as const;
/** Output: epoch ms of this resource's last write, so a read right after it is confirmed before it counts as drift. */
const WRITTEN_AT = "writtenAt";

/** Builds the check/diff/create/read/update/delete of a per-bucket singleton configuration. @internal */
export function configurationResource<C>(spec: ConfigurationSpec<C>): Required<Omit<ResourceProvider, "configure">> {
  const outputKeys = Object.keys(spec.outputs?.({ bucket: "b-1", region: "ap-x" }) ?? {});
  const kind = (spec.kind ?? spec.label.split(" ").find((w) => w !== "bucket")!.toLowerCase()) as OwnerKind;
  const known = [...BASE, ...spec.properties, ...outputKeys, WRITTEN_AT];
  const claimant = (i: ConfigurationInputs): Claimant => ({ kind, label: spec.label, loc: locOf(i), ownerKey: i.ownerKey, adopt: i.adopt });

  function normalizeAll(c: Checker, raw: Obj): ConfigurationInputs {
    const bucket = c.string("bucket", raw.bucket, { required: true, check: validateBucketName });
    const region = checkRegion(c, raw.region);
    const adopt = c.bool("adopt", raw.adopt);
    const own = spec.normalize(c, raw);
    const ownerKey = isOwnerKey(raw.ownerKey) ? raw.ownerKey : undefined;
    return { bucket: bucket as string, region: region as string, ...(adopt !== undefined ? { adopt } : {}), ...(ownerKey ? { ownerKey } : {}), ...own };
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
  const outs = (inputs: ConfigurationInputs, writtenAt?: unknown): Obj =>
    plain({ ...inputs, ...spec.outputs?.(inputs), [WRITTEN_AT]: typeof writtenAt === "number" ? writtenAt : undefined });

  async function write(inputs: ConfigurationInputs): Promise<void> {
    const client = providerClient();
    const loc = locOf(inputs);
    await withPropagation(() => spec.beforeWrite?.(client, loc, inputs) ?? Promise.resolve(), `checking ${spec.label} prerequisites`, loc, client);
    await withPropagation(() => spec.put(client, loc, spec.toConfig(inputs)), `writing the ${spec.label}`, loc, client);
  }

  /**
   * The live configuration, leaving state only on evidence: a read that disagrees with this resource's own write of
   * the last seconds (stale) is confirmed again until it agrees or the window has passed; a NoSuchBucket must be
   * confirmed (a new bucket may still be propagating; one answer can be stale) before the resource is gone.
   */
  async function readConfirmed(client: CosClient, loc: BucketLocation, old: ConfigurationInputs, writtenAt: unknown): Promise<C | undefined> {
    // (the bucket's own creation time is not known here: only this process's registry says it is new)
    const agrees = (v: C | undefined) => v !== undefined && equivalent(renormalize({ ...loc, ...spec.fromConfig(v) }), old);
    try {
      return await readSettled(() => spec.get(client, loc), agrees, writtenAt, staleWindowMs());
    } catch (e) {
      if (!isCosServiceError(e, "NoSuchBucket") || (await confirmBucketGone(client, loc))) throw e;
      return spec.get(client, loc);
    }
  }

  return {
    async check(_olds: Obj, news: Obj): Promise<CheckResult> {
      const c = new Checker();
      checkKnownProperties(c, news, known, `the ${spec.label} resource`);
      const inputs = normalizeAll(c, news);
      return c.failures.length > 0 ? { inputs: news, failures: forEngine(c.failures, news) } : { inputs: plain(inputs) };
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
      const loc = locOf(inputs);
      const get = async () => {
        const live = await withPropagation(() => spec.get(client, loc), `reading the existing ${spec.label}`, loc, client);
        // (unless marked: a disabled configuration another resource declares is still that resource's)
        if (live !== undefined && spec.inert?.(live) && (await readMark(client, loc, kind)) === undefined) return undefined;
        return live;
      };
      // Never overwrite by surprise what this resource did not write: only a configuration marked with this
      // resource's owner key (its own earlier, crashed or lost attempt) is taken over without `adopt`. An identical
      // document is no longer enough: that is how two stacks silently shared (and destroyed) one CORS configuration.
      await claimConfiguration(client, claimant(inputs), await get(), get);
      await write(inputs);
      return { id: inputs.bucket, outs: outs(inputs, Date.now()) };
    },

    async read(id: string, props?: Obj): Promise<ReadResult> {
      const old = renormalize(props ?? {});
      const loc = { bucket: old.bucket ?? id, region: old.region };
      const client = providerClient();
      const writtenAt = (props ?? {})[WRITTEN_AT];
      let live: C | undefined;
      try {
        live = await readConfirmed(client, loc, old, writtenAt);
      } catch (e) {
        if (isCosServiceError(e, "NoSuchBucket")) return {}; // the bucket, and with it the configuration, is gone
        throw forUser(e, { staleHint: true });
      }
      if (live === undefined) return {}; // removed out of band (confirmed): drop from state, the next `up` recreates it
      await warnIfNotMine(client, claimant({ ...old, ...loc }));
      const liveInputs = renormalize({ ...loc, ...(old.adopt !== undefined ? { adopt: old.adopt } : {}), ...(old.ownerKey ? { ownerKey: old.ownerKey } : {}), ...spec.fromConfig(live) });
      // Keep the user's own form (e.g. their policy document) when the live configuration means the same thing.
      const inputs = equivalent(liveInputs, old) ? old : liveInputs;
      return { id: loc.bucket, props: outs(inputs, writtenAt), inputs: plain(inputs) };
    },

    async update(_id: string, olds: Obj, news: Obj): Promise<UpdateResult> {
      const inputs = renormalize(news);
      await write(inputs);
      await remark(providerClient(), claimant(inputs), renormalize(olds).ownerKey);
      return { outs: outs(inputs, Date.now()) };
    },

    async delete(_id: string, props: Obj): Promise<void> {
      const inputs = renormalize(props);
      const client = providerClient();
      try {
        await releaseConfiguration(client, claimant(inputs), () => spec.remove(client, locOf(inputs)));
      } catch (e) {
        if (isCosServiceError(e, "NoSuchBucket")) return; // nothing left to delete
        throw forUser(e, { staleHint: true });
      }
    },
  };
}
