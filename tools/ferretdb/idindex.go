package main

// Why this file exists: FerretDB v1.24 on SQLite indexes `_id` as `_ferretdb_sjson->"_id"` but looks a
// document up by `_id` with `WHERE _ferretdb_sjson->'$._id' = ?`. SQLite matches an index on an expression
// only when the expression is the same, and these two are not, so every find, update and delete by `_id`
// reads the whole table (EXPLAIN QUERY PLAN says SCAN). Tutti reads and writes almost only by `_id`, so on
// a store of a few thousand documents each of those became tens of milliseconds of CPU, growing with the
// data. We cannot change FerretDB's query (it is in an internal package), so we add the index its query
// can use: on every collection table, `CREATE INDEX ... (_ferretdb_sjson->'$._id')`. FerretDB does not know
// the index exists (it is not in its metadata, so `listIndexes` does not show it); SQLite uses it for
// FerretDB's own queries and drops it with the table.

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the driver FerretDB itself uses
)

// idLookupIndexSuffix names our index beside FerretDB's (`<table>_<mongo index name>`); a MongoDB index
// name cannot contain a space, so it cannot collide with one FerretDB creates.
const idLookupIndexSuffix = " tutti _id lookup"

// collectionsTable is FerretDB's own list of collections and their SQLite tables in each database file.
const collectionsTable = "_ferretdb_collections"

// idIndexKeeper adds the `_id` lookup index to every collection table of every database in a FerretDB
// SQLite directory, now and whenever a collection appears.
type idIndexKeeper struct {
	dir    string
	logger *slog.Logger
	dbs    map[string]*sql.DB
}

// sqliteDir is the directory of FerretDB's `--sqlite-url` (`file:data/` or `file:/abs/dir/?opts`).
func sqliteDir(sqliteURL string) (string, error) {
	u, err := url.Parse(sqliteURL)
	if err != nil {
		return "", err
	}
	if u.Scheme != "file" {
		return "", fmt.Errorf("expected a file: URL, got %q", sqliteURL)
	}
	dir := u.Opaque
	if dir == "" {
		dir = u.Path
	}
	return dir, nil
}

func newIDIndexKeeper(dir string, logger *slog.Logger) *idIndexKeeper {
	return &idIndexKeeper{dir: dir, logger: logger, dbs: map[string]*sql.DB{}}
}

// run sweeps once at once and then every interval until ctx ends. A collection created between sweeps is
// looked up by scanning for at most one interval, as FerretDB does without us.
func (k *idIndexKeeper) run(ctx context.Context, interval time.Duration) {
	defer k.close()
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		k.sweep(ctx)
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

func (k *idIndexKeeper) sweep(ctx context.Context) {
	files, err := filepath.Glob(filepath.Join(k.dir, "*.sqlite"))
	if err != nil {
		k.logger.Error("listing database files", "error", err)
		return
	}
	for _, file := range files {
		if err := k.indexDatabase(ctx, file); err != nil && ctx.Err() == nil {
			k.logger.Warn("adding _id lookup indexes", "file", file, "error", err)
		}
	}
}

func (k *idIndexKeeper) indexDatabase(ctx context.Context, file string) error {
	db, err := k.open(file)
	if err != nil {
		return err
	}
	missing, err := tablesWithoutIDIndex(ctx, db)
	if err != nil {
		return err
	}
	for _, table := range missing {
		started := time.Now()
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, table+idLookupIndexSuffix, table)
		if _, err := db.ExecContext(ctx, q); err != nil {
			// The collection may have been dropped since we listed it; the next sweep will know.
			k.logger.Warn("creating _id lookup index", "table", table, "error", err)
			continue
		}
		k.logger.Info("created _id lookup index", "table", table, "took", time.Since(started))
	}
	return nil
}

// tablesWithoutIDIndex lists the collection tables of one database that lack our index. Both reads are of
// SQLite's and FerretDB's small catalogue tables, so a sweep with nothing to do costs microseconds.
func tablesWithoutIDIndex(ctx context.Context, db *sql.DB) ([]string, error) {
	var exists int
	err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, collectionsTable).Scan(&exists)
	if err != nil || exists == 0 {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, fmt.Sprintf(
		`SELECT c.table_name FROM %q c WHERE NOT EXISTS (SELECT 1 FROM sqlite_master m WHERE m.type = 'index' AND m.name = c.table_name || ?)`,
		collectionsTable,
	), idLookupIndexSuffix)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var tables []string
	for rows.Next() {
		var table string
		if err := rows.Scan(&table); err != nil {
			return nil, err
		}
		tables = append(tables, table)
	}
	return tables, rows.Err()
}

func (k *idIndexKeeper) open(file string) (*sql.DB, error) {
	if db, ok := k.dbs[file]; ok {
		if _, err := os.Stat(file); err == nil {
			return db, nil
		}
		// The database was dropped (its file removed): forget the handle.
		_ = db.Close()
		delete(k.dbs, file)
	}
	// The same pragmas FerretDB sets: wait for its writers instead of failing with SQLITE_BUSY.
	dsn := "file:" + file + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(wal)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	k.dbs[file] = db
	return db, nil
}

func (k *idIndexKeeper) close() {
	for file, db := range k.dbs {
		_ = db.Close()
		delete(k.dbs, file)
	}
}

// idLookupPlan is how SQLite answers FerretDB's lookup by `_id` in one collection: "SEARCH ... USING INDEX"
// when our index is there, "SCAN" when every document is read.
type idLookupPlan struct {
	Database   string `json:"database"`
	Collection string `json:"collection"`
	Plan       string `json:"plan"`
}

// explainIDLookups reports the plan of FerretDB's `_id` lookup for every collection of every database in dir:
// `tutti-ferretdb --explain-id-lookups --sqlite-url file:dir/` shows an operator (and a test) whether lookups
// by `_id` scan.
func explainIDLookups(ctx context.Context, dir string) ([]idLookupPlan, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.sqlite"))
	if err != nil {
		return nil, err
	}
	k := newIDIndexKeeper(dir, nil)
	defer k.close()
	var plans []idLookupPlan
	for _, file := range files {
		db, err := k.open(file)
		if err != nil {
			return nil, err
		}
		rows, err := db.QueryContext(ctx, fmt.Sprintf(`SELECT name, table_name FROM %q ORDER BY name`, collectionsTable))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		type collection struct{ name, table string }
		var collections []collection
		for rows.Next() {
			var c collection
			if err := rows.Scan(&c.name, &c.table); err != nil {
				rows.Close()
				return nil, err
			}
			collections = append(collections, c)
		}
		rows.Close()
		for _, c := range collections {
			var id, parent, unused int
			var detail string
			q := fmt.Sprintf(`EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM %q WHERE _ferretdb_sjson->'$._id' = ?`, c.table)
			if err := db.QueryRowContext(ctx, q, `"x"`).Scan(&id, &parent, &unused, &detail); err != nil {
				return nil, fmt.Errorf("%s.%s: %w", file, c.name, err)
			}
			database := strings.TrimSuffix(filepath.Base(file), ".sqlite")
			plans = append(plans, idLookupPlan{Database: database, Collection: c.name, Plan: detail})
		}
	}
	return plans, nil
}
