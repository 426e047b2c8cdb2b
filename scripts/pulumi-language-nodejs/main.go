// Command pulumi-language-nodejs is a minimal Node.js language host for the Pulumi engine, built by
// scripts/pulumi-cli.sh next to the `pulumi` CLI.
//
// Why it exists: the upstream host's Go module (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3)
// is not served by the Go module proxy these machines reach (it answers 403 "This module version is not
// available"), while the CLI's own modules are. The engine needs only LanguageRuntime.Run from a host to run
// `pulumi up`, `preview`, `refresh` and `destroy`, and the real work is done by the program runner that the
// @pulumi/pulumi npm package ships (`@pulumi/pulumi/cmd/run`, whose usage text documents the flags used below).
// Every other method answers Unimplemented, which the engine treats as an older host: no plugin discovery from
// package.json (the dynamic-provider plugin is found on PATH) and no `pulumi new`/`convert`/`install` support.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

// version is set with -ldflags "-X main.version=..." to the CLI version it was built with.
var version = "3.0.0"

// exitBail is the runner's exit code after it has already reported a user-facing error
// (nodeJSProcessExitedAfterLoggingUserActionableMessage in @pulumi/pulumi/cmd/run).
const exitBail = 32

type nodeHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
	engineAddress string
}

func (h *nodeHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

// Run starts `node <@pulumi/pulumi/cmd/run> --monitor=… [flags] <entry point> [args]` in the program directory and
// waits for it. A program failure is a RunResponse error, not an RPC error, so the engine reports it as such.
func (h *nodeHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	programDir, rootDir, entry := req.GetPwd(), req.GetPwd(), req.GetProgram() //nolint:staticcheck // fallback for old engines
	options := map[string]any{}
	if info := req.GetInfo(); info != nil {
		if info.GetProgramDirectory() != "" {
			programDir = info.GetProgramDirectory()
		}
		if info.GetRootDirectory() != "" {
			rootDir = info.GetRootDirectory()
		}
		if info.GetEntryPoint() != "" {
			entry = info.GetEntryPoint()
		}
		if info.GetOptions() != nil {
			options = info.GetOptions().AsMap()
		}
	}
	if entry == "" {
		entry = "." // the runner then uses package.json `main`/`exports`
	}

	runner, err := resolveRunner(ctx, programDir)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	config, err := json.Marshal(nonNilMap(req.GetConfig()))
	if err != nil {
		return nil, err
	}
	secretKeys, err := json.Marshal(nonNilSlice(req.GetConfigSecretKeys()))
	if err != nil {
		return nil, err
	}

	var args []string
	if nodeargs, ok := options["nodeargs"].(string); ok && nodeargs != "" {
		args = append(args, strings.Fields(nodeargs)...)
	}
	args = append(args, runner)
	flag := func(name, value string) {
		if value != "" {
			args = append(args, "--"+name+"="+value) // `=` form: a value such as "-1" is never read as a flag
		}
	}
	flag("monitor", req.GetMonitorAddress())
	flag("engine", h.engineAddress)
	flag("organization", req.GetOrganization())
	flag("project", req.GetProject())
	flag("stack", req.GetStack())
	flag("pwd", req.GetPwd())
	flag("root-directory", rootDir)
	flag("parallel", fmt.Sprint(req.GetParallel()))
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	env := append(os.Environ(),
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeys),
		// TypeScript is on unless Pulumi.yaml says `runtime.options.typescript: false`, as with the upstream host.
		fmt.Sprintf("PULUMI_NODEJS_TYPESCRIPT=%t", options["typescript"] != false),
	)
	if tsconfig, ok := options["tsconfig"].(string); ok && tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}

	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir = programDir
	cmd.Env = env
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr // the engine shows the host's output as the program's
	if err := cmd.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() == exitBail {
			return &pulumirpc.RunResponse{Bail: true}, nil
		}
		if errors.As(err, &exit) {
			return &pulumirpc.RunResponse{Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exit.ExitCode())}, nil
		}
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not run node: %v", err)}, nil
	}
	return &pulumirpc.RunResponse{}, nil
}

// resolveRunner finds @pulumi/pulumi/cmd/run the way Node does from the program directory, so the program and the
// runner share one copy of @pulumi/pulumi.
func resolveRunner(ctx context.Context, dir string) (string, error) {
	cmd := exec.CommandContext(ctx, "node", "-e", "process.stdout.write(require.resolve('@pulumi/pulumi/cmd/run'))")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil || len(out) == 0 {
		return "", fmt.Errorf("@pulumi/pulumi is not installed in %s (run `npm install` there): %v", dir, err)
	}
	return string(out), nil
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func nonNilSlice(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// engineAddress is the last positional argument; the engine may put logging/tracing flags before it.
func engineAddress(args []string) string {
	addr := ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case (a == "--tracing" || a == "-tracing" || a == "--root" || a == "-root") && i+1 < len(args):
			i++ // a flag with a separate value
		case !strings.HasPrefix(a, "-"):
			addr = a
		}
	}
	return addr
}

func main() {
	host := &nodeHost{engineAddress: engineAddress(os.Args[1:])}
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "fatal: could not start the language host: %v\n", err)
		os.Exit(1)
	}
	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "fatal: the language host stopped serving: %v\n", err)
		os.Exit(1)
	}
}
