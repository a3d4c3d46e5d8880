package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/demo"
	"tebdg/internal/domain"
	"tebdg/internal/store"
)

// cliActor is who the audit trail names for changes made on the command
// line: the operator at the server.
var cliActor = domain.Actor{Username: "cli", Client: "local"}

func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("migrate", stdout)
	db := fs.String("db", "", "database URL")
	keyFile := fs.String("audit-key-file", "", "the audit chain key, made if missing (TEBDG_AUDIT_KEY_FILE, or the key itself in TEBDG_AUDIT_KEY; default audit.key beside a SQLite database, ./data/audit.key for PostgreSQL)")
	caseKeyFile := fs.String("case-key-file", "", caseKeyFileHelp)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	st, err := openDBKeyed(ctx, *db, *keyFile, *caseKeyFile, stderr)
	if err != nil {
		return err
	}
	defer func() { _ = st.Close() }()
	_, err = fmt.Fprintf(stdout, "schema version %d (%s)\n", store.SchemaVersion(), st.Dialect())
	return err
}

func runOrgCreate(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("org create", stdout)
	db := fs.String("db", "", "database URL")
	var in domain.OrgUnitInput
	fs.StringVar(&in.Code, "code", "", "unit code, e.g. QN")
	fs.StringVar(&in.Name, "name", "", "name in Vietnamese")
	fs.StringVar(&in.NameEN, "name-en", "", "name in English")
	kind := fs.String("kind", "", "country, province, agency, unit or commune")
	fs.StringVar(&in.Parent, "parent", "", "parent unit code (none for a root)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	in.Kind = domain.OrgKind(*kind)
	st, err := openDB(ctx, *db)
	if err != nil {
		return err
	}
	defer func() { _ = st.Close() }()
	o, err := st.CreateOrgUnit(ctx, cliActor, in)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(stdout, o.Code)
	return err
}

func runUserCreate(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("user create", stdout)
	db := fs.String("db", "", "database URL")
	var in domain.UserInput
	fs.StringVar(&in.Username, "username", "", "user name (3–64 of a–z, 0–9, . _ -)")
	role := fs.String("role", "", "admin, coordinator, manager, reporter, viewer or editor")
	fs.StringVar(&in.Org, "org", "", "code of the org unit the role covers (and where the user works)")
	fs.StringVar(&in.FullName, "full-name", "", "full name")
	fs.StringVar(&in.Email, "email", "", "e-mail address")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	r, ok := domain.ParseRole(*role)
	if !ok {
		return usageError(fmt.Sprintf("user create: --role %q must be one of admin, coordinator, manager, reporter, viewer, editor", *role))
	}
	in.Role = r
	in.Normalize()
	if err := in.Validate(); err != nil {
		return err
	}
	password, generated := "", !*fromStdin
	if generated {
		password = auth.GeneratePassword()
	} else {
		line, err := bufio.NewReader(io.LimitReader(stdin, auth.MaxPasswordLen+2)).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		password = strings.TrimRight(line, "\r\n")
		if e := auth.CheckPassword("password", password, in.Username); e != nil {
			return e
		}
	}
	hash, err := auth.NewHasher(auth.DefaultParams).Hash(password)
	if err != nil {
		return err
	}
	st, err := openDB(ctx, *db)
	if err != nil {
		return err
	}
	defer func() { _ = st.Close() }()
	// A generated password is temporary: its owner must choose their own.
	if _, err := st.CreateUser(ctx, cliActor, in, hash, generated); err != nil {
		return err
	}
	if generated {
		_, _ = fmt.Fprintln(stderr, "user", in.Username, "created; temporary password (to be changed at first sign-in):")
		_, err = fmt.Fprintln(stdout, password)
	}
	return err
}

// runTokenCreate prints a new API token alone on stdout, so scripts can
// capture it; its scope and expiry go to stderr for the operator.
func runTokenCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("token create", stdout)
	db := fs.String("db", "", "database URL")
	username := fs.String("username", "", "the user the token acts for")
	name := fs.String("name", "cli", "a label to recognise the token by")
	expires := fs.String("expires", "90d", "how long the token lasts, in days from 1d to 365d")
	scope := fs.String("scope", string(domain.TokenReadWrite), "read (GET only) or read-write")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *username == "" {
		return usageError("token create: --username is required")
	}
	life, err := store.ParseTokenLife("expires", *expires)
	if err != nil {
		return usageError(fmt.Sprintf("token create: --expires %q: write days from 1d to 365d, e.g. 30d, 90d, 365d", *expires))
	}
	sc, ok := domain.ParseTokenScope(*scope)
	if !ok {
		return usageError(fmt.Sprintf("token create: --scope %q: write read or read-write", *scope))
	}
	st, err := openDB(ctx, *db)
	if err != nil {
		return err
	}
	defer func() { _ = st.Close() }()
	u, err := st.UserByUsername(ctx, *username)
	if err != nil {
		return fmt.Errorf("user %q: %w", *username, err)
	}
	if u.Disabled {
		return fmt.Errorf("user %q is disabled", *username)
	}
	secret, hash := auth.NewSecret("tebdg_")
	tok, err := st.IssueToken(ctx, cliActor, u, store.TokenInput{Name: *name, Hash: hash, Scope: sc, Life: life})
	if err != nil {
		return err
	}
	_, _ = fmt.Fprintf(stderr, "token for %s, scope %s, expires %s\n", u.Username, tok.Scope, tok.ExpiresAt.Format(time.RFC3339))
	_, err = fmt.Fprintln(stdout, secret)
	return err
}

// runSearchReindex rebuilds the portal's search index from the published
// posts, the legal documents and the directory: after restoring a backup
// taken without it, or to be sure it matches what is published.
func runSearchReindex(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("search reindex", stdout)
	db := fs.String("db", "", "database URL")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	u, err := dbURL(*db)
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, u, store.Options{})
	if err != nil {
		return err
	}
	defer func() { _ = st.Close() }()
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	if err := st.ReindexSearch(ctx); err != nil {
		return err
	}
	n, err := st.SearchIndexSize(ctx)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "search index rebuilt: %d posts, %d documents, %d services\n", n[store.DocPost], n[store.DocDocument], n[store.DocService])
	return err
}

// runDemo generates a large data set into an empty database, for
// benchmarks and load tests: "province" is about 220 units, 60 indicators
// and five years of monthly and quarterly reports (over a million values);
// "nation" is 34 such provinces.
func runDemo(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlags("demo", stdout)
	db := fs.String("db", "", "database URL")
	scale := fs.String("scale", "", "province or nation")
	seed := fs.Uint64("seed", 1, "random seed: the same seed gives the same data")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var sc demo.Scale
	switch *scale {
	case "province":
		sc = demo.ProvinceScale
	case "nation":
		sc = demo.NationScale
	default:
		return usageError(fmt.Sprintf("demo: --scale %q must be province or nation", *scale))
	}
	st, err := openDB(ctx, *db)
	if err != nil {
		return err
	}
	defer func() { _ = st.Close() }()
	if units, _, err := st.OrgUnits(ctx, domain.Scope{All: true}, store.OrgFilter{Inactive: true}, nil); err != nil {
		return err
	} else if len(units) > 0 {
		return fmt.Errorf("the database is not empty (%d org units): generate into a new one", len(units))
	}
	sum, err := demo.Generate(ctx, st, sc, *seed)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "%d org units, %d indicators, %d reports, %d values in %s\n",
		sum.OrgUnits, sum.Indicators, sum.Reports, sum.Values, sum.Took.Round(time.Second))
	return err
}
