/**
 * The code that runs inside the dynamic-provider process. The serialised provider stored with every resource is only
 * `require("pulumi-tencent-cos/provider").resources[kind][method](…)` (sdk/shim.ts), so this module is loaded by
 * package name from the Pulumi project at call time.
 * @packageDocumentation
 */
import { bucket } from "./resources/bucket";
import { bucketCors } from "./resources/bucketCors";
import { bucketLifecycle } from "./resources/bucketLifecycle";
import { bucketAcceleration } from "./resources/bucketAcceleration";
import { bucketDomain } from "./resources/bucketDomain";
import { bucketInventory } from "./resources/bucketInventory";
import { bucketLogging } from "./resources/bucketLogging";
import { bucketObject } from "./resources/bucketObject";
import { bucketPolicy } from "./resources/bucketPolicy";
import { bucketReferer } from "./resources/bucketReferer";
import { syncedFolder } from "./resources/syncedFolder";
import { replication } from "./resources/replication";
import { website } from "./resources/website";

export { configure, setSettings, getSettings, CONFIG_KEYS, type ProviderSettings } from "./config";
export { ResourceInitError } from "./resources/resourceInitError";
export { functions, FunctionArgumentError } from "./functions";

/** Each resource's check/diff/create/read/update/delete, keyed by the kind the sdk's shim names. */
export const resources = { bucket, bucketCors, bucketLifecycle, bucketPolicy, replication, website, bucketLogging, bucketReferer, bucketObject, bucketAcceleration, bucketDomain, bucketInventory, syncedFolder };
