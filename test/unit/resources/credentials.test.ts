import { setSettings } from "../../../provider";
import { currentCredentials } from "../../../provider/config";
import { CosCredentialsError } from "../../../provider/cos";

const ENV = ["TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TENCENTCLOUD_SECURITY_TOKEN"] as const;
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
afterEach(() => {
  for (const k of ENV) if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k];
  setSettings({});
});
beforeEach(() => { for (const k of ENV) delete process.env[k]; });

test("stack config comes first, with its security token", async () => {
  process.env.TENCENTCLOUD_SECRET_ID = "env-id";
  process.env.TENCENTCLOUD_SECRET_KEY = "env-key";
  setSettings({ secretId: "cfg-id", secretKey: "cfg-key", securityToken: "cfg-token" });
  expect(await currentCredentials()).toEqual({ secretId: "cfg-id", secretKey: "cfg-key", securityToken: "cfg-token" });
});

test("the environment is read at call time when the config has no key pair", async () => {
  setSettings({});
  process.env.TENCENTCLOUD_SECRET_ID = "env-id";
  process.env.TENCENTCLOUD_SECRET_KEY = "env-key";
  process.env.TENCENTCLOUD_SECURITY_TOKEN = "env-token";
  expect(await currentCredentials()).toEqual({ secretId: "env-id", secretKey: "env-key", securityToken: "env-token" });
});

test("half a key pair in config is an error naming the missing key, never a fall-back on the environment's pair", async () => {
  process.env.TENCENTCLOUD_SECRET_ID = "env-id";
  process.env.TENCENTCLOUD_SECRET_KEY = "env-key";
  for (const [half, missing] of [[{ secretId: "cfg-id" }, "tencentcloud:secretKey"], [{ secretKey: "half-configured-secret" }, "tencentcloud:secretId"]] as const) {
    setSettings(half);
    const e = await currentCredentials().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CosCredentialsError);
    expect((e as Error).message).toMatch(new RegExp(`but ${missing} is not`));
    expect(JSON.stringify(e) + (e as Error).message + String(e)).not.toContain("half-configured-secret");
  }
});

test("nothing found: the error names every source tried and how to set it, and no value", async () => {
  setSettings({});
  const e = await currentCredentials().catch((x: unknown) => x);
  expect(e).toBeInstanceOf(CosCredentialsError);
  const err = e as CosCredentialsError;
  expect(err.tried).toEqual(["config tencentcloud:secretId", "config tencentcloud:secretKey", "env TENCENTCLOUD_SECRET_ID", "env TENCENTCLOUD_SECRET_KEY"]);
  expect(err.message).toMatch(/pulumi config set --secret tencentcloud:secretKey/);
  expect(JSON.stringify(err) + err.message + String(err)).not.toContain("half-configured-secret");
});
