// Command tebdg serves and administers tebdg: one binary for the web
// application, migrations and the operator's chores.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"tebdg/internal/errs"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const usage = `tebdg: planning, tracking and reporting for children and gender equality

Usage:
  tebdg serve [--addr 127.0.0.1:8080] [--db URL] [--demo]
  tebdg migrate [--db URL] [--audit-key-file PATH] [--case-key-file PATH]
  tebdg org create --db URL --code CODE --name NAME --kind KIND [--parent CODE] [--name-en NAME]
  tebdg user create --db URL --username NAME --role ROLE --org CODE [--password-stdin]
  tebdg token create --db URL --username NAME [--name LABEL] [--expires 90d] [--scope read|read-write]
  tebdg audit verify --db URL [--audit-key-file PATH] [--anchor HASH:COUNT]
  tebdg audit anchor --db URL [--audit-key-file PATH]
  tebdg keys status --db URL [--case-key-file PATH]
  tebdg keys rotate --db URL [--case-key-file PATH] [--rewrap-only]
  tebdg keys retire --db URL [--case-key-file PATH]
  tebdg cases retention --db URL [--retention 10y] [--dry-run]
  tebdg search reindex --db URL
  tebdg demo --scale province|nation --db URL [--seed N]
  tebdg version

The database URL is sqlite:PATH (default sqlite:./data/tebdg.db) or
postgres://user@host:5432/db. It can also come from TEBDG_DB or, for a
secret, from the file named by TEBDG_DB_FILE. Run "tebdg serve --help" for
the server's settings.

The audit trail is chained under a key kept outside the database: the file
named by --audit-key-file or TEBDG_AUDIT_KEY_FILE, or the key itself (hex or
base64 of 32 bytes) in TEBDG_AUDIT_KEY. By default it is audit.key beside a
SQLite database and ./data/audit.key (from the working directory) for
PostgreSQL; serve and migrate make it when missing. Back it up apart from
the database: without it the chain cannot be verified.

The confidential case register is sealed under master keys kept the same
way: the file named by --case-key-file or TEBDG_CASE_KEY_FILE (one key a
line, the current one first), or the keys themselves (64 hex digits each,
current first) in TEBDG_CASE_KEY; by default case.key beside a SQLite
database and ./data/case.key for PostgreSQL, made when missing while the
register is empty. "keys rotate" puts a new key first in the file and
re-wraps every case under it while servers keep running; "keys retire"
drops the old keys no case uses any more. "cases retention" anonymises the
cases closed longer ago than --retention (TEBDG_CASE_RETENTION, default
10y: years y, months m or days d).
`

func main() { os.Exit(runWithSignals()) }

// runWithSignals runs the command line, with SIGINT and SIGTERM ending its
// context so the server drains and exits 0.
func runWithSignals() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
}

// run executes one command and returns the exit status: 0 on success, 1 on
// failure, 2 on bad usage. Errors are one line on stderr.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		_, _ = fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		err = runServe(ctx, rest, stdout, stderr)
	case "migrate":
		err = runMigrate(ctx, rest, stdout, stderr)
	case "org":
		err = sub(rest, "org", map[string]func([]string) error{
			"create": func(a []string) error { return runOrgCreate(ctx, a, stdout) },
		})
	case "user":
		err = sub(rest, "user", map[string]func([]string) error{
			"create": func(a []string) error { return runUserCreate(ctx, a, stdin, stdout, stderr) },
		})
	case "token":
		err = sub(rest, "token", map[string]func([]string) error{
			"create": func(a []string) error { return runTokenCreate(ctx, a, stdout, stderr) },
		})
	case "audit":
		err = sub(rest, "audit", map[string]func([]string) error{
			"verify": func(a []string) error { return runAuditVerify(ctx, a, stdout, stderr) },
			"anchor": func(a []string) error { return runAuditAnchor(ctx, a, stdout, stderr) },
		})
	case "keys":
		err = sub(rest, "keys", map[string]func([]string) error{
			"status": func(a []string) error { return runKeysStatus(ctx, a, stdout) },
			"rotate": func(a []string) error { return runKeysRotate(ctx, a, stdout, stderr) },
			"retire": func(a []string) error { return runKeysRetire(ctx, a, stdout, stderr) },
		})
	case "cases":
		err = sub(rest, "cases", map[string]func([]string) error{
			"retention": func(a []string) error { return runCasesRetention(ctx, a, stdout, stderr) },
		})
	case "search":
		err = sub(rest, "search", map[string]func([]string) error{
			"reindex": func(a []string) error { return runSearchReindex(ctx, a, stdout) },
		})
	case "demo":
		err = runDemo(ctx, rest, stdout)
	case "version", "--version", "-version":
		_, _ = fmt.Fprintln(stdout, "tebdg", version)
	case "help", "-h", "--help", "-help":
		_, _ = fmt.Fprint(stdout, usage)
	default:
		err = usageError(fmt.Sprintf("unknown command %q", cmd))
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(usageError)):
		_, _ = fmt.Fprintf(stderr, "tebdg: %s (run \"tebdg help\")\n", err)
		return 2
	default:
		_, _ = fmt.Fprintf(stderr, "tebdg: %s\n", oneLine(err))
		return 1
	}
}

// usageError is a mistake in the command line.
type usageError string

func (e usageError) Error() string { return string(e) }

func sub(args []string, name string, cmds map[string]func([]string) error) error {
	if len(args) == 0 {
		return usageError(fmt.Sprintf("%s needs a subcommand", name))
	}
	f, ok := cmds[args[0]]
	if !ok {
		return usageError(fmt.Sprintf("unknown command %q %q", name, args[0]))
	}
	return f(args[1:])
}

// oneLine renders an error for the terminal. Internal errors keep their
// cause, since the operator is the one who can act on it.
func oneLine(err error) string {
	var msg string
	var e *errs.Error
	if errors.As(err, &e) && e.Code == errs.Internal && e.Err != nil {
		msg = e.Err.Error()
	} else {
		msg = err.Error()
	}
	return strings.Join(strings.Fields(msg), " ")
}

// newFlags makes a flag set that reports mistakes as usageError instead of
// printing the whole usage.
func newFlags(name string, stdout io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fs.SetOutput(stdout)
		_, _ = fmt.Fprintf(stdout, "Usage of tebdg %s:\n", name)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.Usage()
			return err
		}
		return usageError(fmt.Sprintf("%s: %v", fs.Name(), err))
	}
	if fs.NArg() > 0 {
		return usageError(fmt.Sprintf("%s: unexpected argument %q", fs.Name(), fs.Arg(0)))
	}
	return nil
}

// dbURL returns the database URL: the flag, else TEBDG_DB, else the file
// named by TEBDG_DB_FILE (for a URL holding a password), else the default.
func dbURL(flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if v := os.Getenv("TEBDG_DB"); v != "" {
		return v, nil
	}
	if f := os.Getenv("TEBDG_DB_FILE"); f != "" {
		b, err := os.ReadFile(f) //nolint:gosec // the operator names this file in the server's own environment
		if err != nil {
			return "", fmt.Errorf("TEBDG_DB_FILE: %w", err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	return "sqlite:./data/tebdg.db", nil
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
