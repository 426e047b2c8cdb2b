/**
 * Test tiers (see README "Tests"):
 *  - unit:  no sockets, mocks allowed (test/unit)
 *  - integ: real HTTP against the local COS server on 127.0.0.1:0, in-process providers (test/integ, test/cos-server)
 *  - e2e:   the real Pulumi engine (`pulumi up` / refresh / destroy) against the local COS server (test/e2e)
 */
// Type errors are caught by `npm run typecheck`; ts-jest only transpiles (fast, per file).
const tsJest = ["ts-jest", { tsconfig: { ...require("./tsconfig.json").compilerOptions, isolatedModules: true }, diagnostics: false }];
const base = { testEnvironment: "node", coveragePathIgnorePatterns: ["/node_modules/", "/dist/"], transform: { "^.+\\.ts$": tsJest }, moduleFileExtensions: ["ts", "js", "json"] };
module.exports = {
  projects: [
    { ...base, displayName: "unit", testMatch: ["<rootDir>/test/unit/**/*.test.ts"], setupFilesAfterEnv: ["<rootDir>/test/unit/property.ts"] },
    { ...base, displayName: "integ", testMatch: ["<rootDir>/test/integ/**/*.integ.test.ts", "<rootDir>/test/cos-server/**/*.integ.test.ts"] },
    { ...base, displayName: "e2e", testMatch: ["<rootDir>/test/e2e/**/*.e2e.test.ts"] },
  ],
};
