/**
 * `cos:endpoint` (native `tencentcos:endpoint`) is only a socket target: scheme, host and port. A value that is not
 * such a URL used to be accepted and then failed every call with a bare "Invalid URL" that named no setting
 * (`127.0.0.1:9000`, no scheme) or reached undici as another protocol; a path (`http://proxy/cos`) was silently
 * dropped, so the calls went to the proxy's root, where a 404 reads as NoSuchBucket — a refresh then removes live
 * buckets from the stack.
 */
import { configure, setSettings } from "../../../provider";
import { checkConfig } from "../../../provider/native/config";

const cfg = (endpoint: string) => ({ config: { get: (k: string) => (k === "cos:endpoint" ? endpoint : undefined) } }) as Parameters<typeof configure>[0];
afterEach(() => setSettings({}));

const BAD = ["127.0.0.1:9000", "localhost:9000", "ftp://127.0.0.1:21", "http://proxy.internal/cos", "http://127.0.0.1:9000/?x=1", "http://user:pw@127.0.0.1:9000", "not a url"];
const GOOD = ["http://127.0.0.1:9000", "http://127.0.0.1:9000/", "https://cos.ap-guangzhou.myqcloud.com", "http://[::1]:9000"];

test.each(BAD)("configure rejects cos:endpoint %j, naming the setting", async (endpoint) => {
  await expect(configure(cfg(endpoint))).rejects.toThrow(/cos:endpoint/);
});

test.each(GOOD)("configure accepts cos:endpoint %j", async (endpoint) => {
  await expect(configure(cfg(endpoint))).resolves.toBeUndefined();
});

test.each(BAD)("the native CheckConfig fails endpoint %j", (endpoint) => {
  expect(checkConfig({ endpoint })).toEqual([{ property: "endpoint", reason: expect.stringMatching(/http/) }]);
});

test.each(GOOD)("the native CheckConfig accepts endpoint %j", (endpoint) => {
  expect(checkConfig({ endpoint })).toEqual([]);
});
